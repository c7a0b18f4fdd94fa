import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { badRequest, ErrorCodes, tooLong, unsupportedMediaType } from '../../errors.js';

export const MAX_BODY_BYTES = 8 * 1024;

export const JSON_MEDIA_TYPE = 'application/json';
export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** The media type, with no parameter but an optional `charset=utf-8` (any case). */
function isContentType(header: string | undefined, expected: string): boolean {
  if (header === undefined) return false;
  const [mediaType, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== expected) return false;
  return parameters.every((parameter) => /^charset\s*=\s*"?utf-8"?$/.test(parameter) || parameter === '');
}

/** `application/json`, with no parameter but an optional `charset=utf-8` (any case). */
export const isJsonContentType = (header: string | undefined) => isContentType(header, JSON_MEDIA_TYPE);

function bodyBytes(event: APIGatewayProxyEvent): number {
  const body = event.body ?? '';
  return Buffer.byteLength(body, event.isBase64Encoded ? 'base64' : 'utf8');
}

/**
 * Checks a request body before anything parses it: at most 8 KiB (413), of the media type
 * (415), present (400). Expects lower-case header names (http-header-normalizer).
 */
export function requireBody(mediaType: typeof JSON_MEDIA_TYPE | typeof FORM_MEDIA_TYPE): MiddlewareObj<APIGatewayProxyEvent> {
  const requireBodyBefore = (request: Request<APIGatewayProxyEvent>) => {
    const { event } = request;
    if (bodyBytes(event) > MAX_BODY_BYTES) throw tooLong('The request body is larger than 8 KiB');
    if (!isContentType(event.headers?.['content-type'], mediaType)) throw unsupportedMediaType(mediaType);
    if (!event.body) throw badRequest(ErrorCodes.invalidParameter, 'The request body is missing');
  };
  return { before: requireBodyBefore };
}

/** The JSON body's checks. */
export const requireJsonBody = () => requireBody(JSON_MEDIA_TYPE);
