import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Caller } from '../domain/permissions.js';
import { unauthenticated } from '../http/errors.js';
import { validateTokenClaims } from '../schemas/generated/validators.js';
import type { TokenClaims } from './claimsSchema.js';

/** Asymmetric algorithms only: a symmetric key would let anyone who can verify also sign. */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA',
] as const;

export interface TokenVerifierConfig {
  issuer: string;
  audience: string;
  /** Allowed signature algorithms; a subset of {@link ASYMMETRIC_ALGORITHMS}. */
  algorithms: readonly string[];
  /** The issuer's public keys: fetched (and cached by jose) from a URL, or given inline. */
  keys: { jwksUrl: string } | { jwks: JSONWebKeySet };
  /** The clock, for tests; defaults to the system time. */
  now?: () => Date;
}

/** Verifies a token and says who is calling; any failure is a 401 that says nothing more. */
export type TokenVerifier = (token: string | undefined) => Promise<Caller>;

export function createTokenVerifier(config: TokenVerifierConfig): TokenVerifier {
  const refused = config.algorithms.filter((alg) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg));
  if (refused.length > 0 || config.algorithms.length === 0) {
    throw new Error(`Token algorithms must be asymmetric ones (${ASYMMETRIC_ALGORITHMS.join(', ')}); got ${config.algorithms.join(', ')}`);
  }
  const keySet =
    'jwksUrl' in config.keys ? createRemoteJWKSet(new URL(config.keys.jwksUrl)) : createLocalJWKSet(config.keys.jwks);
  const verifyOptions = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms: [...config.algorithms],
    requiredClaims: ['exp'],
  };

  return async function verifyToken(token) {
    if (!token) throw unauthenticated();
    try {
      const { payload } = await jwtVerify(token, keySet, {
        ...verifyOptions,
        ...(config.now && { currentDate: config.now() }),
      });
      if (!validateTokenClaims(payload)) throw unauthenticated();
      return toCaller(payload as unknown as TokenClaims);
    } catch (error) {
      // A key set that cannot be fetched is our failure, not the caller's.
      if (error instanceof joseErrors.JWKSTimeout) throw error;
      throw unauthenticated();
    }
  };
}

function toCaller(claims: TokenClaims): Caller {
  return {
    userId: claims.sub,
    userName: claims.name,
    domainId: claims.domain_id,
    domainName: claims.domain_name,
    namespaces: claims.namespaces as Caller['namespaces'],
  };
}
