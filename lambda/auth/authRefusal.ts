import { ApiError, ErrorCodes } from '../errors.js';

/** Why a token was refused: said in the log, never to the caller. */
export type TokenRefusalReason =
  | 'missing token'
  | 'malformed token'
  | 'bad signature'
  | 'unknown signing key'
  | 'algorithm not allowed'
  | 'expired'
  | 'not yet valid'
  | 'wrong issuer'
  | 'wrong audience'
  | 'missing expiry'
  | 'invalid claims'
  | 'non-ASCII account name'
  | 'key set unavailable';

/**
 * The 401 of a refused credential, carrying its reason for whoever logs the refusal. The
 * answer is exactly {@link unauthenticated}'s: status, code and message never vary with the
 * reason, so a caller learns nothing about why (an attacker cannot tell a forged signature
 * from an expired token). The reason never holds the token or a signature.
 */
export class AuthRefusal extends ApiError {
  constructor(readonly reason: TokenRefusalReason) {
    super(401, ErrorCodes.unauthenticated, 'Authentication failed');
  }
}

/** The reason a refusal carries, or `undefined` for anything else. */
export function refusalReason(error: unknown): TokenRefusalReason | undefined {
  return error instanceof AuthRefusal ? error.reason : undefined;
}
