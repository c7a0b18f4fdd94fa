import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { SecretSealer } from './SecretSealer.js';

/**
 * Seals access key secrets with KMS Encrypt under the stack's symmetric key, the encryption
 * context `{ accessKey: <AK> }` binding each to its key id (and naming it in CloudTrail).
 * A secret is 40 bytes, well under Encrypt's 4 KiB, so no envelope is needed.
 */
export class KmsSecretSealer implements SecretSealer {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyArn: string,
  ) {}

  async seal(accessKey: string, secret: string): Promise<string> {
    const { CiphertextBlob } = await this.kms.send(
      new EncryptCommand({ KeyId: this.keyArn, Plaintext: Buffer.from(secret, 'utf8'), EncryptionContext: { accessKey } }),
    );
    if (!CiphertextBlob) throw new Error('KMS returned no ciphertext');
    return Buffer.from(CiphertextBlob).toString('base64');
  }

  async open(accessKey: string, sealed: string): Promise<string> {
    const { Plaintext } = await this.kms.send(
      // KeyId pins the key: a ciphertext made under any other key is refused.
      new DecryptCommand({ KeyId: this.keyArn, CiphertextBlob: Buffer.from(sealed, 'base64'), EncryptionContext: { accessKey } }),
    );
    if (!Plaintext) throw new Error('KMS returned no plaintext');
    return Buffer.from(Plaintext).toString('utf8');
  }
}
