import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Caller } from '../domain/permissions.js';
import { isAsciiAccountName } from '../domain/names.js';
import { validateTokenClaims } from '../schemas/generated/validators.js';
import { AuthRefusal, type TokenRefusalReason } from './authRefusal.js';
import type { TokenClaims } from './claimsSchema.js';
import { DEFAULT_TOKEN_CACHE_SIZE, VerifiedTokenCache } from './verifiedTokenCache.js';

/** Asymmetric algorithms only: a symmetric key would let anyone who can verify also sign. */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

export interface TokenVerifierConfig {
  issuer: string;
  audience: string;
  /** Allowed signature algorithms; a subset of {@link ASYMMETRIC_ALGORITHMS}. */
  algorithms: readonly string[];
  /** The issuer's public keys: fetched (and cached by jose) from a URL, or given inline. */
  keys: { jwksUrl: string } | { jwks: JSONWebKeySet };
  /** The clock, for tests; defaults to the system time. */
  now?: () => Date;
  /**
   * How many verified tokens the container remembers until their expiry, so that a caller's
   * next request skips the signature check (see {@link VerifiedTokenCache}); 0 turns this off.
   */
  cacheSize?: number;
}

/**
 * Verifies a token and says who is calling; any failure is an {@link AuthRefusal}: a 401 that
 * says nothing more to the caller, and carries the reason for the log.
 */
export type TokenVerifier = (token: string | undefined) => Promise<Caller>;

/** How long a fetch of the issuer's JWKS may take (jose's default, stated: it counts in the function's 10 s). */
export const JWKS_TIMEOUT_MS = 5_000;

export function createTokenVerifier(config: TokenVerifierConfig): TokenVerifier {
  const refused = config.algorithms.filter((alg) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg));
  if (refused.length > 0 || config.algorithms.length === 0) {
    throw new Error(`Token algorithms must be asymmetric ones (${ASYMMETRIC_ALGORITHMS.join(', ')}); got ${config.algorithms.join(', ')}`);
  }
  const keySet =
    'jwksUrl' in config.keys
      ? createRemoteJWKSet(new URL(config.keys.jwksUrl), { timeoutDuration: JWKS_TIMEOUT_MS })
      : createLocalJWKSet(config.keys.jwks);
  const verifyOptions = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms: [...config.algorithms],
    requiredClaims: ['exp'],
  };

  const cacheSize = config.cacheSize ?? DEFAULT_TOKEN_CACHE_SIZE;
  const verified = cacheSize > 0 ? new VerifiedTokenCache(cacheSize) : undefined;

  return async function verifyToken(token) {
    if (!token) throw new AuthRefusal('missing token');
    const now = config.now?.() ?? new Date();
    const known = verified?.get(token, now);
    if (known) return known;
    let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
    try {
      ({ payload } = await jwtVerify(token, keySet, { ...verifyOptions, currentDate: now }));
    } catch (error) {
      // A key set that cannot be fetched is our failure, not the caller's.
      if (error instanceof joseErrors.JWKSTimeout) throw error;
      throw new AuthRefusal(tokenRefusalReason(error));
    }
    if (!validateTokenClaims(payload)) throw new AuthRefusal('invalid claims');
    const claims = payload as unknown as TokenClaims;
    // No share can name such an account (access domains are ASCII), and folding its case
    // could make it another's (lambda/domain/names.ts).
    if (!isAsciiAccountName(claims.domain_name)) throw new AuthRefusal('non-ASCII account name');
    // jose has checked that `exp` is there (requiredClaims) and a number.
    const caller = toCaller(claims, payload.exp!);
    verified?.remember(token, caller, { exp: payload.exp!, nbf: payload.nbf });
    return caller;
  };
}

/** Frozen: a remembered caller is shared by every request that presents the same token. */
function toCaller(claims: TokenClaims, expiresAt: number): Caller {
  return Object.freeze({
    userId: claims.sub,
    userName: claims.name,
    domainId: claims.domain_id,
    domainName: claims.domain_name,
    namespaces: Object.freeze({ ...(claims.namespaces as Caller['namespaces']) }),
    expiresAt,
  });
}

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
function tokenRefusalReason(error: unknown): TokenRefusalReason {
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
