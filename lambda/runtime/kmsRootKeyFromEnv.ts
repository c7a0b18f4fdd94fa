import { KMSClient } from '@aws-sdk/client-kms';
import { createPublicKey } from 'node:crypto';
import { timeoutClientOptions } from '../aws/clientTimeouts.js';
import { ENV } from '../environment.js';
import { KmsRootKey } from '../registry/KmsRootKey.js';

/**
 * The deployed token function's signer: the KMS key named by REGISTRY_SIGNING_KEY_ARN. Its
 * public half (which names the key in each token's `kid`) comes from the environment, put
 * there at deploy time, so the function needs no KMS right but kms:Sign and makes no KMS
 * call at cold start.
 */
export function kmsRootKeyFromEnv(env: NodeJS.ProcessEnv = process.env): KmsRootKey {
  const keyArn = env[ENV.registrySigningKeyArn];
  const publicKeyBase64 = env[ENV.registrySigningPublicKey];
  if (!keyArn || !publicKeyBase64) {
    throw new Error(`The environment variables ${ENV.registrySigningKeyArn} and ${ENV.registrySigningPublicKey} must be set`);
  }
  const publicKey = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
  if (publicKey.asymmetricKeyType !== 'ec' || publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`${ENV.registrySigningPublicKey} must be a P-256 public key`);
  }
  const endpoint = env[ENV.kmsEndpoint];
  return new KmsRootKey(new KMSClient({ ...timeoutClientOptions(), ...(endpoint && { endpoint }) }), keyArn, publicKey);
}
