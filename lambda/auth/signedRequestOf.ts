import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { SignedRequest } from './sdkSignature.js';

/**
 * The request as the client signed it, from an API Gateway REST proxy event:
 * - the path is `requestContext.path`, the path the client sent, stage or custom domain base
 *   path included (`event.path` has the stage cut off on the execute-api host);
 * - the query's pairs, decoded (the signature's canonical form re-encodes them);
 * - the body's bytes, before any parser has touched it.
 */
export function signedRequestOf(event: APIGatewayProxyEvent): SignedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const query: Record<string, readonly string[]> = {};
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    if (values) query[name] = values;
  }
  const body =
    event.body === null || event.body === undefined ? null : event.isBase64Encoded ? Buffer.from(event.body, 'base64') : event.body;
  return { method: event.httpMethod, path: event.requestContext?.path ?? event.path, query, headers, body };
}
