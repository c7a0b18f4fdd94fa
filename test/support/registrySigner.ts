import { generateKeyPairSync } from 'node:crypto';
import type { RegistryTokenSettings } from '../../lambda/registry/tokenIssuer.js';
import type { RootKey } from '../../lambda/registry/RootKey.js';
import { ShortLivedSigningKeys } from '../../lambda/registry/ShortLivedSigningKeys.js';
import { inMemoryRootKey } from '../../local/registry/registryKeys.js';

export const TEST_REGISTRY_SERVICE = 'test-registry';
export const TEST_REGISTRY_ISSUER = 'test-token-issuer';

/** A fresh P-256 root key that signs in memory, as the key file does locally. */
export function createTestRootKey(): RootKey {
  return inMemoryRootKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
}

/** Token settings for tests: their own root key, service and issuer, 300 s tokens. */
export function testRegistrySettings(rootKey = createTestRootKey()): RegistryTokenSettings {
  return {
    service: TEST_REGISTRY_SERVICE,
    issuer: TEST_REGISTRY_ISSUER,
    lifetimeSeconds: 300,
    signingKeys: new ShortLivedSigningKeys(rootKey),
  };
}
