import { errors as joseErrors } from 'jose';
import type { TokenRefusalReason } from './authRefusal.js';

/** The claims jose checks, by what a refusal on each says. */
const CLAIM_REASONS: Readonly<Record<string, TokenRefusalReason>> = {
  iss: 'wrong issuer',
  aud: 'wrong audience',
  nbf: 'not yet valid',
  // An `iat` in the future: a token from a clock ahead, not valid yet here.
  iat: 'not yet valid',
};

/**
 * Why jose refused a token, in the words of the log (docs/using-the-api.md, "Tokens"). Anything jose does
 * not blame on the token itself (a key set it cannot fetch or read) is said as such, so that
 * an operator looking at a wave of 401s knows whether the callers or the issuer's keys are
 * at fault.
 */
export function tokenRefusalReason(error: unknown): TokenRefusalReason {
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'exp') return error.reason === 'missing' ? 'missing expiry' : 'invalid claims';
    return CLAIM_REASONS[error.claim] ?? 'invalid claims';
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof joseErrors.JWKSMultipleMatchingKeys) return 'bad signature';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'unknown signing key';
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) return 'algorithm not allowed';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'malformed token';
  return 'key set unavailable';
}
