import { type KeyObject, randomUUID, sign } from 'node:crypto';
import type { AccessEntry } from '../domain/registryAccess.js';

/** A key that signs tokens, with what a token's header needs to name it. */
export interface TokenSigningKey {
  privateKey: KeyObject;
  /** The libtrust id of its public key: the token's `kid` (2.8 and 3.x read `x5c` first). */
  kid: string;
  /** Its certificate (standard base64 DER), issued by the root: the token's `x5c` chain. */
  x5c: readonly string[];
  /**
   * The token header that names it, `{typ, alg, kid, x5c}`, JSON then base64url: the same
   * for every token it signs, so encoded once.
   */
  encodedHeader: string;
  /**
   * Epoch seconds no token it signs may outlive: the certificate's end, less the registry's
   * leeway and the clock margin, so that every token verifies until it expires.
   */
  signsUntil: number;
  /** Epoch seconds after which a successor is made. */
  renewAt: number;
}

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
 * The header of every token a key signs: its certificate chain in `x5c`, which distribution
 * 2.8 and 3.x both verify first (to the root certificate of their `rootcertbundle`), and its
 * libtrust `kid`. JSON, then base64url.
 */
export function encodeTokenHeader(kid: string, x5c: readonly string[]): string {
  return base64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', kid, x5c }));
}

/** What a token request comes to: whole-second times, `nbf` = `iat`, a fresh `jti`. */
export function registryTokenClaims(request: RegistryTokenRequest): RegistryTokenClaims {
  return {
    iss: request.issuer,
    aud: request.service,
    sub: request.subject,
    iat: request.issuedAt,
    nbf: request.issuedAt,
    exp: request.issuedAt + request.lifetimeSeconds,
    jti: randomUUID(),
    access: request.access,
  };
}

/**
 * Signs a registry token (a JWS, ES256, signature as raw r‖s) with a short-lived key. The
 * header carries the key's certificate chain in `x5c`, which distribution 2.8 and 3.x both
 * verify first (to the root certificate of their `rootcertbundle`), and its libtrust `kid`.
 */
export function signRegistryToken(key: TokenSigningKey, request: RegistryTokenRequest): { token: string; claims: RegistryTokenClaims } {
  const claims = registryTokenClaims(request);
  const signingInput = `${key.encodedHeader}.${base64url(JSON.stringify(claims))}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return { token: `${signingInput}.${base64url(signature)}`, claims };
}
