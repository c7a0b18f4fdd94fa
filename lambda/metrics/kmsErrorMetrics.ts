import type { SecretSealer } from '../auth/SecretSealer.js';
import type { RootKey } from '../registry/RootKey.js';
import { failureKind } from './failureKind.js';
import type { ServiceMetrics } from './ServiceMetrics.js';

async function counted<T>(call: () => Promise<T>, metrics: ServiceMetrics): Promise<T> {
  try {
    return await call();
  } catch (error) {
    metrics.kmsError(failureKind(error));
    throw error;
  }
}

/**
 * The sealer, each failure counted as a KmsError (KMS Encrypt or Decrypt on AWS): opening a
 * key's secret fails every request signed with it, so a KMS outage shows here first.
 */
export function countSealerErrors(sealer: SecretSealer, metrics: ServiceMetrics): SecretSealer {
  return {
    seal: (accessKey, secret) => counted(() => sealer.seal(accessKey, secret), metrics),
    open: (accessKey, sealed) => counted(() => sealer.open(accessKey, sealed), metrics),
  };
}

/**
 * The root key, each failed signature counted as a KmsError (KMS Sign on AWS). The token
 * service goes on signing with its current key for a while when a renewal fails
 * (ShortLivedSigningKeys), so a failure here may answer no 5xx: only this count shows it.
 */
export function countRootKeyErrors(root: RootKey, metrics: ServiceMetrics): RootKey {
  return { publicKey: root.publicKey, sign: (data) => counted(() => root.sign(data), metrics) };
}
