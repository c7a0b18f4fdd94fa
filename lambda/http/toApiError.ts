import type { ErrorObject } from 'ajv';
import {
  ApiError,
  badRequest,
  ErrorCodes,
  internalError,
  noSuchAccessKey,
  noSuchShare,
  shareExists,
  shareLimitReached,
  signingUnavailable,
  unsupportedMediaType,
} from '../errors.js';
import { SigningUnavailableError } from '../registry/ShortLivedSigningKeys.js';
import { AccessKeyNotFoundError } from '../store/AccessKeyStore.js';
import { ShareExistsError, ShareLimitError, ShareNotFoundError } from '../store/ShareStore.js';
import { FORM_MEDIA_TYPE } from './middleware/requireBody.js';
import { toValidationError } from './validationErrors.js';

interface MiddyError extends Error {
  statusCode?: number;
  cause?: { package?: string; data?: unknown };
}

/**
 * Maps anything a handler or middleware threw to the API's error, the store's refusals
 * included (operations let them through). Only errors known to be the caller's are shown as
 * such; everything else becomes a 500 that reveals nothing.
 */
export function toApiError(error: unknown, internalErrorCode: string): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ShareExistsError) return shareExists();
  if (error instanceof ShareNotFoundError) return noSuchShare();
  if (error instanceof ShareLimitError) return shareLimitReached(error.limit);
  if (error instanceof AccessKeyNotFoundError) return noSuchAccessKey();
  if (error instanceof SigningUnavailableError) return signingUnavailable(internalErrorCode);
  const source = (error as MiddyError | undefined)?.cause?.package;
  if (source === '@middy/validator') {
    const errors = (error as MiddyError).cause?.data as ErrorObject[] | undefined;
    return toValidationError(errors?.[0]);
  }
  if (source === '@middy/http-json-body-parser') {
    // middy answers 422 for malformed JSON and 415 for a wrong media type; SWR wants 400.
    if ((error as MiddyError).statusCode === 415) return unsupportedMediaType();
    return badRequest(ErrorCodes.invalidParameter, 'The request body is not valid JSON');
  }
  if (source === '@middy/http-urlencode-body-parser') return unsupportedMediaType(FORM_MEDIA_TYPE);
  return internalError(internalErrorCode);
}
