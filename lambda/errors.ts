/**
 * The API's errors. Each carries its HTTP status and SWR error code; they are thrown where
 * the problem is found and rendered in one place (middleware/httpApi.ts).
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorCode: string,
    message: string,
    /** Headers the answer must carry, e.g. a `WWW-Authenticate` challenge. */
    readonly headers: Readonly<Record<string, string>> = {},
    /** The RFC 6749 `error` of this refusal, where the operation answers in OAuth2's format. */
    readonly oauth2Error?: OAuth2ErrorCode,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const ErrorCodes = {
  invalidParameter: 'SVCSTG.SWR.4000014',
  missingParameter: 'SVCSTG.SWR.4001014',
  invalidNamespace: 'SVCSTG.SWR.4001028',
  invalidRepository: 'SVCSTG.SWR.4001029',
  invalidAccessDomain: 'SVCSTG.SWR.4001041',
  invalidPermit: 'SVCSTG.SWR.4001091',
  unauthenticated: 'SVCSTG.SWR.4010000',
  forbidden: 'SVCSTG.SWR.4039002',
  noSuchRoute: 'SVCSTG.SWR.4040083',
  noSuchShare: 'SVCSTG.SWR.4040089',
  shareExists: 'SVCSTG.SWR.4090089',
  // SWR documents the limit of 500 accounts but no code for reaching it: ours, in its style.
  shareLimitReached: 'SVCSTG.SWR.4000090',
  // The IAM credential API's; IAM's own codes are not documented for these cases.
  noSuchAccessKey: 'SVCSTG.SWR.4040001',
  tooLong: 'SVCSTG.SWR.4131012',
  unsupportedMediaType: 'SVCSTG.SWR.4001018',
  createFailed: 'SVCSTG.SWR.5000093',
  updateFailed: 'SVCSTG.SWR.5000092',
  // SWR documents codes for failed writes only; reads and deletes use the closest ones.
  readFailed: 'SVCSTG.SWR.5000092',
  deleteFailed: 'SVCSTG.SWR.5000092',
  // Answered by API Gateway itself (infra/constructs/errorResponses.ts); SWR documents none.
  throttled: 'SVCSTG.SWR.4290000',
  gatewayFailed: 'SVCSTG.SWR.5000000',
} as const;

/** RFC 6749 section 5.2's error codes that the token endpoint's OAuth2 form answers. */
export type OAuth2ErrorCode = 'invalid_request' | 'invalid_grant' | 'unsupported_grant_type' | 'server_error' | 'temporarily_unavailable';

export const badRequest = (errorCode: string, message: string) => new ApiError(400, errorCode, message);

export const unauthenticated = () => new ApiError(401, ErrorCodes.unauthenticated, 'Authentication failed');

/** Refused registry credentials: the challenge makes clients report a wrong password. */
export const invalidRegistryCredentials = () =>
  new ApiError(401, ErrorCodes.unauthenticated, 'Invalid username or password', {
    'WWW-Authenticate': 'Basic realm="registry token service"',
  });

export const forbidden = () => new ApiError(403, ErrorCodes.forbidden, 'No permission for this operation');

export const noSuchRoute = () => new ApiError(404, ErrorCodes.noSuchRoute, 'No such route');

export const noSuchShare = () => new ApiError(404, ErrorCodes.noSuchShare, 'The share does not exist');

export const noSuchAccessKey = () => new ApiError(404, ErrorCodes.noSuchAccessKey, 'The access key does not exist');

export const shareExists = () => new ApiError(409, ErrorCodes.shareExists, 'The repository has been shared with this account');

export const shareLimitReached = (limit: number) =>
  new ApiError(400, ErrorCodes.shareLimitReached, `The repository is shared with the limit of ${limit} accounts; revoke a share first`);

export const tooLong = (message: string) => new ApiError(413, ErrorCodes.tooLong, message);

export const unsupportedMediaType = (mediaType = 'application/json') =>
  new ApiError(415, ErrorCodes.unsupportedMediaType, `The request body must be ${mediaType}`);

/** An OAuth2 request the token endpoint refuses (RFC 6749 section 5.2: always 400). */
export const oauth2Refusal = (error: OAuth2ErrorCode, message: string) =>
  new ApiError(400, ErrorCodes.invalidParameter, message, {}, error);

/** The token service has no key it may sign with now; it heals by itself once KMS answers. */
export const signingUnavailable = (errorCode: string) =>
  new ApiError(
    503,
    errorCode,
    'The token service cannot sign tokens now, please try again later',
    { 'Retry-After': '10' },
    'temporarily_unavailable',
  );

/** The answer to every failure that is not the caller's: it reveals nothing. */
export const internalError = (errorCode: string) => new ApiError(500, errorCode, 'Internal error, please try again later');

/**
 * Requests HTTP itself refuses, before any route: on AWS API Gateway answers these; the local
 * server answers them in the API's format (local/http/clientErrors.ts).
 */
export const malformedRequest = () => new ApiError(400, ErrorCodes.invalidParameter, 'Malformed HTTP request');

export const headersTooLarge = () => new ApiError(431, ErrorCodes.invalidParameter, 'The request headers are too large');

export const requestTimedOut = () => new ApiError(408, ErrorCodes.invalidParameter, 'The request was not received in time');
