import { KMSClient } from '@aws-sdk/client-kms';
import { createPublicKey } from 'node:crypto';
import { timeoutClientOptions } from '../aws/clientTimeouts.js';
import { KmsRootKey } from './KmsRootKey.js';

/** The variables the stack gives the token function (docs/configuration.md). */
export const SIGNING_KEY_ENV = {
  /** The KMS key's ARN. */
  keyArn: 'REGISTRY_SIGNING_KEY_ARN',
  /** Its public half, SubjectPublicKeyInfo DER in base64, read at deploy time. */
  publicKey: 'REGISTRY_SIGNING_PUBLIC_KEY',
  /** Another KMS endpoint, e.g. a local stand-in; unset on AWS. */
  endpoint: 'KMS_ENDPOINT',
} as const;

/**
 * The deployed token function's signer: the KMS key named by REGISTRY_SIGNING_KEY_ARN. Its
 * public half (which names the key in each token's `kid`) comes from the environment, put
 * there at deploy time, so the function needs no KMS right but kms:Sign and makes no KMS
 * call at cold start.
 */
export function kmsRootKeyFromEnv(env: NodeJS.ProcessEnv = process.env): KmsRootKey {
  const keyArn = env[SIGNING_KEY_ENV.keyArn];
  const publicKeyBase64 = env[SIGNING_KEY_ENV.publicKey];
  if (!keyArn || !publicKeyBase64) {
    throw new Error(`The environment variables ${SIGNING_KEY_ENV.keyArn} and ${SIGNING_KEY_ENV.publicKey} must be set`);
  }
  const publicKey = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
  if (publicKey.asymmetricKeyType !== 'ec' || publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`${SIGNING_KEY_ENV.publicKey} must be a P-256 public key`);
  }
  const endpoint = env[SIGNING_KEY_ENV.endpoint];
  return new KmsRootKey(new KMSClient({ ...timeoutClientOptions(), ...(endpoint && { endpoint }) }), keyArn, publicKey);
}
