import type { JWK } from 'jose';
import { createTokenVerifier, type TokenVerifier } from '../../lambda/auth/tokenVerifier.js';
import { type DevKeys, generateDevKeys } from '../../local/iam/devKeys.js';
import { DEV_ALGORITHM, DEV_AUDIENCE, DEV_ISSUER, signToken, type TokenRequest } from '../../local/iam/tokens.js';

export interface TestTokens {
  keys: DevKeys;
  verifyToken: TokenVerifier;
  sign(request: TokenRequest): Promise<string>;
}

/** A fresh signing key pair, a verifier that trusts only it, and a way to sign tokens. */
export async function createTestTokens(now?: () => Date): Promise<TestTokens> {
  const keys = await generateDevKeys();
  const verifyToken = createTokenVerifier({
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    algorithms: [DEV_ALGORITHM],
    keys: { jwks: keys.publicJwks },
    ...(now && { now }),
  });
  return {
    keys,
    verifyToken,
    sign: (request) => signToken(keys.privateJwk as JWK, { ...(now && { now: now() }), ...request }),
  };
}
