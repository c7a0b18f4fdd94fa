import { KMSClient } from '@aws-sdk/client-kms';
import { timeoutClientOptions } from '../aws/clientTimeouts.js';
import { ENV } from '../environment.js';
import { KmsSecretSealer } from '../auth/KmsSecretSealer.js';
import type { SecretSealer } from '../auth/SecretSealer.js';

/**
 * The deployed functions' sealer: KMS, under ACCESS_KEY_SEALING_KEY_ARN. Where the variable
 * is unset (an event replayed offline without keys), a sealer that refuses to work: only a
 * request that presents an access key reaches it, and that answers 500.
 */
export function sealerFromEnv(env: NodeJS.ProcessEnv = process.env): SecretSealer {
  const keyArn = env[ENV.accessKeySealingKeyArn];
  if (!keyArn) {
    const unset = async (): Promise<string> => {
      throw new Error(`${ENV.accessKeySealingKeyArn} is not set: access keys cannot be used`);
    };
    return { seal: unset, open: unset };
  }
  const endpoint = env[ENV.kmsEndpoint];
  return new KmsSecretSealer(new KMSClient({ ...timeoutClientOptions(), ...(endpoint && { endpoint }) }), keyArn);
}
