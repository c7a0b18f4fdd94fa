import { describe, expect, it } from '@jest/globals';
import { DecryptCommand, EncryptCommand, InvalidCiphertextException, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KmsSecretSealer } from '../../../lambda/auth/KmsSecretSealer.js';
import { generateAccessKeyPair, isAccessKeyId, registryLoginKey } from '../../../lambda/domain/accessKey.js';

const AK = 'AK000000000000000001';
const SK = 'secret0123456789secret0123456789secret01';

describe('access key pairs', () => {
  it('are 20 upper-case alphanumerics and 40 alphanumerics, different every time', () => {
    const pairs = Array.from({ length: 50 }, generateAccessKeyPair);
    for (const { accessKey, secretKey } of pairs) {
      expect(isAccessKeyId(accessKey)).toBe(true);
      expect(secretKey).toMatch(/^[A-Za-z0-9]{40}$/);
    }
    expect(new Set(pairs.map((pair) => pair.accessKey)).size).toBe(50);
    expect(new Set(pairs.map((pair) => pair.secretKey)).size).toBe(50);
  });

  it('give the registry login key SWR documents: hex HMAC-SHA256 with the SK as key, the AK as message', () => {
    // Computed apart, with Python's hmac: hmac.new(SK, AK, sha256).hexdigest()
    expect(registryLoginKey('PROBEAK0123456789', 'probeSK/secret+key=0123456789')).toBe(
      '6637e45ffe833189b87c491dd89d113e2a34bc355ec321d746e3838ae6dc932f',
    );
  });
});

describe('the KMS sealer', () => {
  const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  /** KMS as far as the sealer sees it: the context must match on Decrypt, as KMS checks it. */
  function kmsLike() {
    const client = new KMSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const kmsKey = randomBytes(32);
    const mock = mockClient(client);
    mock.on(EncryptCommand).callsFake((input: EncryptCommand['input']) => {
      expect(input.KeyId).toBe(KEY_ARN);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', kmsKey, iv).setAAD(Buffer.from(JSON.stringify(input.EncryptionContext)));
      const body = Buffer.concat([cipher.update(input.Plaintext!), cipher.final()]);
      return { CiphertextBlob: Buffer.concat([iv, cipher.getAuthTag(), body]) };
    });
    mock.on(DecryptCommand).callsFake((input: DecryptCommand['input']) => {
      expect(input.KeyId).toBe(KEY_ARN);
      const blob = Buffer.from(input.CiphertextBlob!);
      const decipher = createDecipheriv('aes-256-gcm', kmsKey, blob.subarray(0, 12)).setAAD(
        Buffer.from(JSON.stringify(input.EncryptionContext)),
      );
      decipher.setAuthTag(blob.subarray(12, 28));
      try {
        return { Plaintext: Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]) };
      } catch {
        throw new InvalidCiphertextException({ message: 'The ciphertext does not match its encryption context', $metadata: {} });
      }
    });
    return { client, mock };
  }

  it('encrypts under the stack key with the access key as encryption context, and decrypts the same way', async () => {
    const { client, mock } = kmsLike();
    const sealer = new KmsSecretSealer(client, KEY_ARN);
    const sealed = await sealer.seal(AK, SK);
    expect(mock.commandCalls(EncryptCommand)[0]!.args[0].input.EncryptionContext).toEqual({ accessKey: AK });
    expect(await sealer.open(AK, sealed)).toBe(SK);
    expect(mock.commandCalls(DecryptCommand)[0]!.args[0].input.EncryptionContext).toEqual({ accessKey: AK });
    await expect(sealer.open('AK000000000000000002', sealed)).rejects.toThrow(InvalidCiphertextException);
  });
});
