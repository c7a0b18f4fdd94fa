import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';

export interface HttpRequestParts {
  method: string;
  /** The raw path, as sent (percent-encoded). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The exact bytes (or text) sent; bytes that are not UTF-8 travel base64-encoded, as API Gateway does with binary bodies. */
  body: Buffer | string | null;
  sourceIp: string;
}

/** Text when the bytes are UTF-8 (so the handlers see exactly them), else base64. */
function eventBody(body: HttpRequestParts['body']): { text: string | null; base64: boolean } {
  if (body === null || typeof body === 'string') return { text: body, base64: false };
  const text = body.toString('utf8');
  return Buffer.from(text, 'utf8').equals(body) ? { text, base64: false } : { text: body.toString('base64'), base64: true };
}

/**
 * The event API Gateway's REST API hands a Lambda proxy integration. Path parameters are
 * passed as they stood in the URL; the handlers decode them. `path` and `requestContext.path`
 * are the raw path as sent (the local server has no stage), which AK/SK signatures cover.
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
  const body = eventBody(request.body);
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
    body: body.text,
    isBase64Encoded: body.base64,
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
