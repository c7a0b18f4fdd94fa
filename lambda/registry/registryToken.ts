import { randomUUID, sign } from 'node:crypto';
import type { AccessEntry } from '../domain/registryAccess.js';
import type { TokenSigningKey } from './ShortLivedSigningKeys.js';

/** What a registry token says; `iat`, `nbf` and `exp` are whole epoch seconds. */
export interface RegistryTokenClaims {
  iss: string;
  /** A single string: distribution 2.8 rejects an array. */
  aud: string;
  sub: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  access: AccessEntry[];
}

export interface RegistryTokenRequest {
  issuer: string;
  service: string;
  subject: string;
  access: AccessEntry[];
  /** Epoch seconds. */
  issuedAt: number;
  lifetimeSeconds: number;
}

const base64url = (data: string | Uint8Array) => Buffer.from(data).toString('base64url');

/**
 * Signs a registry token (a JWS, ES256, signature as raw r‖s) with a short-lived key. The
 * header carries the key's certificate chain in `x5c`, which distribution 2.8 and 3.x both
 * verify first (to the root certificate of their `rootcertbundle`), and its libtrust `kid`.
 */
export function signRegistryToken(key: TokenSigningKey, request: RegistryTokenRequest): { token: string; claims: RegistryTokenClaims } {
  const claims: RegistryTokenClaims = {
    iss: request.issuer,
    aud: request.service,
    sub: request.subject,
    iat: request.issuedAt,
    nbf: request.issuedAt,
    exp: request.issuedAt + request.lifetimeSeconds,
    jti: randomUUID(),
    access: request.access,
  };
  const header = { typ: 'JWT', alg: 'ES256', kid: key.kid, x5c: key.x5c };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return { token: `${signingInput}.${base64url(signature)}`, claims };
}
