import { KMSClient } from '@aws-sdk/client-kms';
import { timeoutClientOptions } from '../aws/clientTimeouts.js';
import { KmsSecretSealer } from './KmsSecretSealer.js';
import type { SecretSealer } from './SecretSealer.js';

/** The variable the stack sets: the KMS key that seals access key secrets. */
export const ACCESS_KEY_SEALING_KEY_ENV = 'ACCESS_KEY_SEALING_KEY_ARN';
/** Another KMS endpoint (a local stand-in); unset on AWS. Shared with the registry signer. */
const KMS_ENDPOINT_ENV = 'KMS_ENDPOINT';

/**
 * The deployed functions' sealer: KMS, under ACCESS_KEY_SEALING_KEY_ARN. Where the variable
 * is unset (an event replayed offline without keys), a sealer that refuses to work: only a
 * request that presents an access key reaches it, and that answers 500.
 */
export function sealerFromEnv(env: NodeJS.ProcessEnv = process.env): SecretSealer {
  const keyArn = env[ACCESS_KEY_SEALING_KEY_ENV];
  if (!keyArn) {
    const unset = async (): Promise<string> => {
      throw new Error(`${ACCESS_KEY_SEALING_KEY_ENV} is not set: access keys cannot be used`);
    };
    return { seal: unset, open: unset };
  }
  const endpoint = env[KMS_ENDPOINT_ENV];
  return new KmsSecretSealer(new KMSClient({ ...timeoutClientOptions(), ...(endpoint && { endpoint }) }), keyArn);
}
