import { importJWK, type JWK, SignJWT } from 'jose';
import type { TokenClaims } from '../../lambda/auth/claimsSchema.js';
import { accessDomainKey } from '../../lambda/domain/names.js';
import type { PermissionLevel } from '../../lambda/domain/permissions.js';

export const DEV_ISSUER = 'swr-access-domains-local';
export const DEV_AUDIENCE = 'swr-access-domains';
export const DEV_ALGORITHM = 'ES256';

export interface TokenRequest {
  /** The caller's account (SWR domain) name. */
  domain: string;
  /** The user's name; defaults to the account name. */
  user?: string;
  namespaces?: Record<string, PermissionLevel>;
  /** Lifetime in seconds; default 24 hours. */
  expiresInSeconds?: number;
  issuer?: string;
  audience?: string;
  /** The clock, for tests. */
  now?: Date;
}

/**
 * Signs a token with the claims this service reads (docs/using-the-api.md, "Tokens"). The ids are made from
 * the names with the API's own case folding (ASCII letters only), so that a look-alike name
 * (U+212A KELVIN SIGN for `K`) never gets another account's or user's id.
 */
export async function signToken(privateJwk: JWK, request: TokenRequest): Promise<string> {
  const key = await importJWK(privateJwk, DEV_ALGORITHM);
  const user = request.user ?? request.domain;
  const claims: Omit<TokenClaims, 'sub'> = {
    name: user,
    domain_id: `${accessDomainKey(request.domain)}-id`,
    domain_name: request.domain,
    namespaces: request.namespaces ?? {},
  };
  const issuedAt = Math.floor((request.now ?? new Date()).getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: DEV_ALGORITHM, kid: privateJwk.kid ?? 'dev' })
    .setSubject(`${accessDomainKey(user)}-id`)
    .setIssuer(request.issuer ?? DEV_ISSUER)
    .setAudience(request.audience ?? DEV_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (request.expiresInSeconds ?? 24 * 60 * 60))
    .sign(key);
}
