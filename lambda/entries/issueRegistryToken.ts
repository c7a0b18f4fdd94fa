import { registryConfigFromEnv } from '../config.js';
import { issueRegistryTokenHandler } from '../operations/issueRegistryToken.js';
import { libtrustKeyId } from '../registry/keyId.js';
import { kmsSignerFromEnv } from '../registry/kmsSignerFromEnv.js';
import { createRuntime } from '../runtime.js';

const signer = kmsSignerFromEnv();

export const handler = issueRegistryTokenHandler({
  ...createRuntime(),
  registry: { ...registryConfigFromEnv(), signer, keyId: libtrustKeyId(signer.publicKey) },
});
