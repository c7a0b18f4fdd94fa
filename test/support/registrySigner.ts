import { generateKeyPairSync, sign } from 'node:crypto';
import type { RegistryTokenSettings } from '../../lambda/operations/issueRegistryToken.js';
import type { RegistryTokenSigner } from '../../lambda/registry/RegistryTokenSigner.js';
import { libtrustKeyId } from '../../lambda/registry/keyId.js';

export const TEST_REGISTRY_SERVICE = 'test-registry';
export const TEST_REGISTRY_ISSUER = 'test-token-issuer';

/** A fresh P-256 key that signs in memory, as the key file does locally. */
export function createTestRegistrySigner(): RegistryTokenSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    publicKey,
    sign: async (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  };
}

/** Token settings for tests: their own key, service and issuer, 300 s tokens. */
export function testRegistrySettings(signer = createTestRegistrySigner()): RegistryTokenSettings {
  return {
    service: TEST_REGISTRY_SERVICE,
    issuer: TEST_REGISTRY_ISSUER,
    lifetimeSeconds: 300,
    signer,
    keyId: libtrustKeyId(signer.publicKey),
  };
}
