import { ApiError, ErrorCodes } from '../errors.js';

/** Why a token was refused (tokenVerifier.ts): said in the log and counted, never told the caller. */
export const TOKEN_REFUSAL_REASONS = [
  'missing token',
  'malformed token',
  'bad signature',
  'unknown signing key',
  'algorithm not allowed',
  'expired',
  'not yet valid',
  'wrong issuer',
  'wrong audience',
  'missing expiry',
  'invalid claims',
  'non-ASCII account name',
  'key set unavailable',
] as const;

export type TokenRefusalReason = (typeof TOKEN_REFUSAL_REASONS)[number];

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
