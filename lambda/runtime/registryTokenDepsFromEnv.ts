import { registryConfigFromEnv } from './config.js';
import type { RegistryTokenDeps } from '../operations/OperationDeps.js';
import { createRuntime } from './createRuntime.js';
import { countRootKeyErrors } from '../metrics/kmsErrorMetrics.js';
import { kmsRootKeyFromEnv } from './kmsRootKeyFromEnv.js';
import { ShortLivedSigningKeys } from '../registry/ShortLivedSigningKeys.js';

/**
 * What a deployed token function runs on: the shared runtime, the registry's names, and
 * short-lived signing keys certified by the root key in KMS. Nothing calls KMS at cold
 * start: the first token request makes the first key.
 */
export function registryTokenDepsFromEnv(env: NodeJS.ProcessEnv = process.env): RegistryTokenDeps {
  const runtime = createRuntime();
  return {
    ...runtime,
    registry: {
      ...registryConfigFromEnv(env),
      signingKeys: new ShortLivedSigningKeys(countRootKeyErrors(kmsRootKeyFromEnv(env), runtime.metrics), runtime.logger),
    },
  };
}
