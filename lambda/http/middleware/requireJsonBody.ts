import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { badRequest, ErrorCodes, tooLong, unsupportedMediaType } from '../../errors.js';

export const MAX_BODY_BYTES = 8 * 1024;

/** `application/json`, with no parameter but an optional `charset=utf-8` (any case). */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [mediaType, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  return parameters.every((parameter) => /^charset\s*=\s*"?utf-8"?$/.test(parameter) || parameter === '');
}

function bodyBytes(event: APIGatewayProxyEvent): number {
  const body = event.body ?? '';
  return Buffer.byteLength(body, event.isBase64Encoded ? 'base64' : 'utf8');
}

/**
 * Checks a request body before anything parses it: at most 8 KiB (413), JSON media type
 * (415), present (400). Expects lower-case header names (http-header-normalizer).
 */
export function requireJsonBody(): MiddlewareObj<APIGatewayProxyEvent> {
  const requireJsonBodyBefore = (request: Request<APIGatewayProxyEvent>) => {
    const { event } = request;
    if (bodyBytes(event) > MAX_BODY_BYTES) throw tooLong('The request body is larger than 8 KiB');
    if (!isJsonContentType(event.headers?.['content-type'])) throw unsupportedMediaType();
    if (!event.body) throw badRequest(ErrorCodes.invalidParameter, 'The request body is missing');
  };
  return { before: requireJsonBodyBefore };
}
