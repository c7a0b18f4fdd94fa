import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';

export interface HttpRequestParts {
  method: string;
  /** The raw path, as sent (percent-encoded). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string | null;
  sourceIp: string;
}

/**
 * The event API Gateway's REST API hands a Lambda proxy integration. Path parameters are
 * passed as they stood in the URL; the handlers decode them.
 */
export function toApiGatewayEvent(
  request: HttpRequestParts,
  resource: string,
  pathParameters: Record<string, string>,
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    headers[name] = values.join(',');
    multiValueHeaders[name] = values;
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [name, value] of request.query) {
    query[name] = value;
    (multiQuery[name] ??= []).push(value);
  }
  const hasQuery = Object.keys(query).length > 0;
  const requestId = randomUUID();
  return {
    resource,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters,
    stageVariables: null,
    body: request.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      identity: { sourceIp: request.sourceIp } as APIGatewayProxyEvent['requestContext']['identity'],
      path: request.path,
      stage: 'local',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: resource,
    },
  };
}
