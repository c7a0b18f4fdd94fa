import { describe, expect, it, jest } from '@jest/globals';
import { SignCommand } from '@aws-sdk/client-kms';
import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { answerRootCertificateRequest } from '../../../lambda/deploy/rootCertificateResource.js';
import type { CustomResourceRequest } from '../../../lambda/deploy/signingPublicKeyResource.js';
import { issueLeafCertificate } from '../../../lambda/registry/certificates.js';
import { KmsRootKey } from '../../../lambda/registry/KmsRootKey.js';
import { stubbedKms, TEST_KEY_ARN } from '../../support/kmsStub.js';
import { chainRefusal } from '../../support/registryTokenChain.js';
import { answerSent, customResourceRequest } from '../../support/customResourceAnswer.js';

const request = (type: CustomResourceRequest['RequestType'], keyId: string | null = TEST_KEY_ARN) =>
  customResourceRequest(type, 'RegistryRootCertificate', keyId);

/** Runs the resource with a KMS stub holding the key; returns what it PUT to CloudFormation's URL. */
async function answer(req: CustomResourceRequest, rootKey?: () => KmsRootKey) {
  const kms = stubbedKms();
  const root = rootKey ?? (() => new KmsRootKey(kms.client, TEST_KEY_ARN, kms.publicKey));
  return { body: await answerSent(req, (send) => answerRootCertificateRequest(req, root, send)), kms };
}

describe('the root certificate custom resource', () => {
  it.each(['Create', 'Update'] as const)(
    'on %s, hands CloudFormation the PEM certificate the key signed through KMS, and its fingerprint',
    async (type) => {
      const { body, kms } = await answer(request(type));
      expect(body).toMatchObject({
        Status: 'SUCCESS',
        PhysicalResourceId: TEST_KEY_ARN,
        StackId: request(type).StackId,
        RequestId: 'request-1',
        LogicalResourceId: 'RegistryRootCertificate',
      });
      const certificate = new X509Certificate(body.Data.Certificate);
      expect(body.Data.Certificate).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
      expect(certificate.verify(kms.publicKey)).toBe(true);
      expect(certificate.ca).toBe(true);
      expect(body.Data.Sha256).toBe(createHash('sha256').update(certificate.raw).digest('hex'));
      // One signature, of the digest, ES256: what the key policy allows the function.
      expect(kms.mock.commandCalls(SignCommand).map((call) => call.args[0].input)).toEqual([
        expect.objectContaining({ KeyId: TEST_KEY_ARN, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }),
      ]);
    },
  );

  it("makes the root the token functions' leaves chain to", async () => {
    const { body, kms } = await answer(request('Create'));
    const root = new KmsRootKey(kms.client, TEST_KEY_ARN, kms.publicKey);
    const now = new Date();
    const leaf = await issueLeafCertificate(root, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey, {
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + 3_600_000),
    });
    expect(chainRefusal(new X509Certificate(leaf), new X509Certificate(body.Data.Certificate), now)).toBeUndefined();
  });

  it('on Delete, answers success without signing anything', async () => {
    const { body, kms } = await answer(request('Delete'));
    expect(body).toEqual(expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: TEST_KEY_ARN }));
    expect(body.Data).toBeUndefined();
    expect(kms.mock.commandCalls(SignCommand)).toHaveLength(0);
  });

  it('fails the deploy with a reason, rather than never answering, when the key is missing, unknown or not configured', async () => {
    expect((await answer(request('Create', null))).body).toMatchObject({
      Status: 'FAILED',
      Reason: 'Could not make the root certificate: The property KeyId is required',
    });
    const other = stubbedKms();
    const unknown = await answer(
      request('Create'),
      () => new KmsRootKey(other.client, 'arn:aws:kms:eu-west-1:123456789012:key/gone', other.publicKey),
    );
    expect(unknown.body).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringMatching(/^Could not make the root certificate: .*does not exist/),
    });
    const unset = await answer(request('Create'), () => {
      throw new Error('The environment variables REGISTRY_SIGNING_KEY_ARN and REGISTRY_SIGNING_PUBLIC_KEY must be set');
    });
    expect(unset.body).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('REGISTRY_SIGNING_KEY_ARN') });
  });

  it('throws when CloudFormation refuses the answer, so the failure is logged', async () => {
    const kms = stubbedKms();
    const send = jest.fn<typeof fetch>(async () => new Response(null, { status: 403 }));
    await expect(
      answerRootCertificateRequest(request('Create'), () => new KmsRootKey(kms.client, TEST_KEY_ARN, kms.publicKey), send),
    ).rejects.toThrow('HTTP 403');
  });
});
