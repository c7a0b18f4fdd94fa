import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { createPublicKey } from 'node:crypto';
import { KmsTokenSigner } from './KmsTokenSigner.js';

/**
 * The deployed token function's signer: the KMS key named by REGISTRY_SIGNING_KEY_ID. Its
 * public key is read once per container (it names the key in each token's `kid`).
 */
export async function kmsSignerFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<KmsTokenSigner> {
  const keyId = env.REGISTRY_SIGNING_KEY_ID;
  if (!keyId) throw new Error('The environment variable REGISTRY_SIGNING_KEY_ID must be set');
  const client = new KMSClient({});
  const { PublicKey } = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (!PublicKey) throw new Error(`KMS returned no public key for ${keyId}`);
  return new KmsTokenSigner(client, keyId, createPublicKey({ key: Buffer.from(PublicKey), format: 'der', type: 'spki' }));
}
