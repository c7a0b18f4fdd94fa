import { randomUUID } from 'node:crypto';
import type { AccessEntry } from '../domain/registryAccess.js';
import type { RegistryTokenSigner } from './RegistryTokenSigner.js';

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
 * Signs a registry token (a JWS, ES256) through the signer, so the key never has to be
 * here. `keyId` is the libtrust id of the signer's public key: what distribution 2.8 looks
 * up among the certificates of its `rootcertbundle`.
 */
export async function signRegistryToken(
  signer: RegistryTokenSigner,
  keyId: string,
  request: RegistryTokenRequest,
): Promise<{ token: string; claims: RegistryTokenClaims }> {
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
  const header = { typ: 'JWT', alg: 'ES256', kid: keyId };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = await signer.sign(Buffer.from(signingInput));
  return { token: `${signingInput}.${base64url(signature)}`, claims };
}
