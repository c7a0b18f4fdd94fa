import { DecryptCommand, EncryptCommand, GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { createCipheriv, createDecipheriv, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, verify } from 'node:crypto';
import { signLikeKms } from '../../local/registry/kmsStandIn.js';

/** The asymmetric P-256 key that signs (the registry root key). */
export const TEST_KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
/** The symmetric key that seals access key secrets. */
export const TEST_SEALING_KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/5678efab-56ef-78ab-90cd-5678901234ef';

/** One request the client sent: its IAM action (`kms:Sign`) and the key it named. */
export interface KmsRequest {
  action: string;
  keyId: string | undefined;
}

/** A signature the stub answered, with what it was asked to sign. */
export interface AnsweredSignature {
  message: Uint8Array;
  messageType: 'RAW' | 'DIGEST';
  /** DER, as KMS answers it. */
  signature: Uint8Array;
}

export interface StubbedKms {
  client: KMSClient;
  /** The key KMS would hold; never given to the code under test. */
  privateKey: KeyObject;
  publicKey: KeyObject;
  mock: ReturnType<typeof mockClient>;
  /** Every request sent through the client since the mock's history was last reset, oldest first. */
  requests(): KmsRequest[];
  /** Every signature answered since the stub was made, oldest first. */
  signatures: AnsweredSignature[];
}

const notFound = (keyId: string | undefined) => Object.assign(new Error(`Key '${keyId}' does not exist`), { name: 'NotFoundException' });

/** The encryption context as additional authenticated data: KMS binds a ciphertext to it. */
const contextBytes = (context: Record<string, string> | undefined) =>
  Buffer.from(JSON.stringify(Object.entries(context ?? {}).sort(([a], [b]) => a.localeCompare(b))));

/**
 * A KMS client with two keys, answering what KMS answers and recording every request sent:
 * - `TEST_KEY_ARN`, a local P-256 key: Sign answers DER signatures of the digest (RAW or
 *   DIGEST) the way KMS does, GetPublicKey the SPKI;
 * - `TEST_SEALING_KEY_ARN`, a local AES-256 key: Encrypt and Decrypt, a ciphertext opening
 *   only with the encryption context it was made with (else InvalidCiphertextException).
 * Any other key id is not found. The signatures are made by local/registry/kmsStandIn.ts
 * (@noble/curves); a test checks them with node:crypto ({@link verifyKmsSignature}), so that
 * the stub is not its own oracle.
 */
export function stubbedKms(privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey): StubbedKms {
  const client = new KMSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const mock = mockClient(client);
  const publicKey = createPublicKey(privateKey);
  const sealingKey = randomBytes(32);
  const signatures: AnsweredSignature[] = [];
  const knownKey = (keyId: string | undefined, arn: string) => {
    if (keyId !== arn) throw notFound(keyId);
  };
  mock.on(SignCommand).callsFake((input: SignCommand['input']) => {
    knownKey(input.KeyId, TEST_KEY_ARN);
    const messageType = input.MessageType === 'DIGEST' ? 'DIGEST' : 'RAW';
    const signature = signLikeKms(privateKey, input.Message!, messageType);
    signatures.push({ message: Uint8Array.from(input.Message!), messageType, signature });
    return { KeyId: TEST_KEY_ARN, SigningAlgorithm: input.SigningAlgorithm, Signature: signature };
  });
  mock.on(GetPublicKeyCommand).callsFake((input: GetPublicKeyCommand['input']) => {
    knownKey(input.KeyId, TEST_KEY_ARN);
    return {
      KeyId: TEST_KEY_ARN,
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['ECDSA_SHA_256'],
      PublicKey: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
    };
  });
  mock.on(EncryptCommand).callsFake((input: EncryptCommand['input']) => {
    knownKey(input.KeyId, TEST_SEALING_KEY_ARN);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', sealingKey, iv).setAAD(contextBytes(input.EncryptionContext));
    const body = Buffer.concat([cipher.update(input.Plaintext!), cipher.final()]);
    return { KeyId: TEST_SEALING_KEY_ARN, CiphertextBlob: new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body])) };
  });
  mock.on(DecryptCommand).callsFake((input: DecryptCommand['input']) => {
    knownKey(input.KeyId, TEST_SEALING_KEY_ARN);
    const blob = Buffer.from(input.CiphertextBlob!);
    try {
      const decipher = createDecipheriv('aes-256-gcm', sealingKey, blob.subarray(0, 12)).setAAD(contextBytes(input.EncryptionContext));
      decipher.setAuthTag(blob.subarray(12, 28));
      return {
        KeyId: TEST_SEALING_KEY_ARN,
        Plaintext: new Uint8Array(Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()])),
      };
    } catch {
      throw Object.assign(new Error('The ciphertext is invalid or does not match its encryption context'), {
        name: 'InvalidCiphertextException',
      });
    }
  });
  const requests = () =>
    mock.calls().map((call) => {
      const command = call.args[0] as { constructor: { name: string }; input: { KeyId?: string } };
      return { action: `kms:${command.constructor.name.replace(/Command$/, '')}`, keyId: command.input.KeyId };
    });
  return { client, privateKey, publicKey, mock, requests, signatures };
}

/**
 * Whether `signature`, DER as KMS answers it, is the ECDSA P-256 / SHA-256 signature of
 * `data` by `publicKey`, checked by node:crypto (OpenSSL): an implementation other than the
 * @noble/curves code the stub and the local stand-in sign with.
 */
export function verifyKmsSignature(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  return verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, signature);
}
