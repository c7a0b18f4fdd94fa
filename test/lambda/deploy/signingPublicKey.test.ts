import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { answerSigningPublicKeyRequest, type CustomResourceRequest } from '../../../lambda/deploy/signingPublicKeyResource.js';
import { libtrustKeyId } from '../../../lambda/registry/keyId.js';
import { kmsRootKeyFromEnv } from '../../../lambda/runtime/kmsRootKeyFromEnv.js';
import { type KmsStandIn, startKmsStandIn } from '../../../local/registry/kmsStandIn.js';
import { customResourceRequest, answerSent } from '../../support/customResourceAnswer.js';
import { stubbedKms, TEST_KEY_ARN, verifyKmsSignature } from '../../support/kmsStub.js';

const request = (type: CustomResourceRequest['RequestType'], keyId = TEST_KEY_ARN) =>
  customResourceRequest(type, 'RegistrySigningKeyPublicKey', keyId);

/** Runs the resource with a stub KMS; returns what it PUT to CloudFormation's URL. */
async function answer(req: CustomResourceRequest, kms = stubbedKms()) {
  return { body: await answerSent(req, (send) => answerSigningPublicKeyRequest(req, kms.client, send)), kms };
}

describe('the signing public key custom resource', () => {
  it.each(['Create', 'Update'] as const)('on %s, hands CloudFormation the SPKI and the libtrust kid of the key', async (type) => {
    const { body, kms } = await answer(request(type));
    expect(body).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: TEST_KEY_ARN,
      StackId: request(type).StackId,
      RequestId: 'request-1',
      LogicalResourceId: 'RegistrySigningKeyPublicKey',
      Data: {
        PublicKey: kms.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
        KeyId: libtrustKeyId(kms.publicKey),
      },
    });
  });

  it('on Delete, answers success without calling KMS: the key is retained', async () => {
    const { body, kms } = await answer(request('Delete'));
    expect(body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: TEST_KEY_ARN });
    expect(kms.mock.commandCalls(GetPublicKeyCommand)).toHaveLength(0);
  });

  it('fails the deploy with a reason when the key is unknown or not a P-256 signing key', async () => {
    expect((await answer(request('Create', 'arn:aws:kms:eu-west-1:123456789012:key/gone'))).body).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringMatching(/^Could not read the signing key's public half: .*does not exist/),
    });
    const rsa = stubbedKms();
    rsa.mock.on(GetPublicKeyCommand).resolves({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', PublicKey: new Uint8Array(8) });
    expect((await answer(request('Create'), rsa)).body).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('is not an ECC_NIST_P256 SIGN_VERIFY key'),
    });
  });

  it('throws when CloudFormation refuses the answer, so the failure is logged', async () => {
    const send = jest.fn<typeof fetch>(async () => new Response(null, { status: 403 }));
    await expect(answerSigningPublicKeyRequest(request('Create'), stubbedKms().client, send)).rejects.toThrow('HTTP 403');
  });
});

describe('kmsRootKeyFromEnv', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  let standIn: KmsStandIn;
  /** What the Lambda runtime gives every function: a region and credentials. */
  const runtimeEnv = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
  const saved = Object.fromEntries(Object.keys(runtimeEnv).map((name) => [name, process.env[name]]));
  beforeAll(async () => {
    Object.assign(process.env, runtimeEnv);
    standIn = await startKmsStandIn({ keyArn: TEST_KEY_ARN, privateKey });
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await standIn?.close();
  });

  it('needs the key ARN and a P-256 public key, and calls KMS for neither', () => {
    expect(() => kmsRootKeyFromEnv({ REGISTRY_SIGNING_KEY_ARN: TEST_KEY_ARN })).toThrow('REGISTRY_SIGNING_PUBLIC_KEY must be set');
    expect(() => kmsRootKeyFromEnv({ REGISTRY_SIGNING_PUBLIC_KEY: spki })).toThrow('REGISTRY_SIGNING_KEY_ARN');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ type: 'spki', format: 'der' });
    expect(() =>
      kmsRootKeyFromEnv({ REGISTRY_SIGNING_KEY_ARN: TEST_KEY_ARN, REGISTRY_SIGNING_PUBLIC_KEY: p384.toString('base64') }),
    ).toThrow('must be a P-256 public key');
    const signer = kmsRootKeyFromEnv({ REGISTRY_SIGNING_KEY_ARN: TEST_KEY_ARN, REGISTRY_SIGNING_PUBLIC_KEY: spki });
    expect(signer.publicKey.equals(publicKey)).toBe(true);
  });

  it('signs through the KMS at KMS_ENDPOINT over HTTP (here the local stand-in), the signature verifying', async () => {
    const signer = kmsRootKeyFromEnv({
      REGISTRY_SIGNING_KEY_ARN: TEST_KEY_ARN,
      REGISTRY_SIGNING_PUBLIC_KEY: spki,
      KMS_ENDPOINT: standIn.endpoint,
    });
    const data = Buffer.from('header.claims');
    const signature = await signer.sign(data);
    expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
  });

  it('is served by a stand-in whose DER signatures, of a message or of its digest, node:crypto verifies', async () => {
    const client = new KMSClient({ endpoint: standIn.endpoint });
    const data = Buffer.from('header.claims');
    for (const [Message, MessageType] of [
      [data, 'RAW'],
      [createHash('sha256').update(data).digest(), 'DIGEST'],
    ] as const) {
      const { Signature } = await client.send(
        new SignCommand({ KeyId: TEST_KEY_ARN, Message, MessageType, SigningAlgorithm: 'ECDSA_SHA_256' }),
      );
      expect(verifyKmsSignature(publicKey, data, Signature!)).toBe(true);
      expect(verifyKmsSignature(publicKey, Buffer.from('header.other'), Signature!)).toBe(false);
    }
    client.destroy();
  });
});
