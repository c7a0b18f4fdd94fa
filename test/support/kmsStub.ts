import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { signLikeKms } from '../../local/registry/kmsStandIn.js';

export const TEST_KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

export interface StubbedKms {
  client: KMSClient;
  /** The key KMS would hold; never given to the code under test. */
  privateKey: KeyObject;
  publicKey: KeyObject;
  mock: ReturnType<typeof mockClient>;
}

/**
 * A KMS client whose key is a local P-256 key: Sign answers DER signatures of the digest
 * (RAW or DIGEST) the way KMS does, GetPublicKey the SPKI; any other key id is not found.
 */
export function stubbedKms(privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey): StubbedKms {
  const client = new KMSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const mock = mockClient(client);
  const publicKey = createPublicKey(privateKey);
  const knownKey = (keyId: string | undefined) => {
    if (keyId !== TEST_KEY_ARN) throw Object.assign(new Error(`Key '${keyId}' does not exist`), { name: 'NotFoundException' });
  };
  mock.on(SignCommand).callsFake((input: SignCommand['input']) => {
    knownKey(input.KeyId);
    const messageType = input.MessageType === 'DIGEST' ? 'DIGEST' : 'RAW';
    return { KeyId: TEST_KEY_ARN, SigningAlgorithm: input.SigningAlgorithm, Signature: signLikeKms(privateKey, input.Message!, messageType) };
  });
  mock.on(GetPublicKeyCommand).callsFake((input: GetPublicKeyCommand['input']) => {
    knownKey(input.KeyId);
    return {
      KeyId: TEST_KEY_ARN,
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['ECDSA_SHA_256'],
      PublicKey: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
    };
  });
  return { client, privateKey, publicKey, mock };
}
