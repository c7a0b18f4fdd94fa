import { afterEach, describe, expect, it } from '@jest/globals';
import { SignCommand } from '@aws-sdk/client-kms';
import { p256 } from '@noble/curves/nist.js';
import fc from 'fast-check';
import { createHash, generateKeyPairSync, sign, verify, X509Certificate } from 'node:crypto';
import { issueRootCertificate } from '../../../lambda/registry/rootCertificate.js';
import { ShortLivedSigningKeys } from '../../../lambda/registry/ShortLivedSigningKeys.js';
import { verifyChainedToken } from '../../support/registryTokenChain.js';
import { derToRawSignature, KmsRootKey } from '../../../lambda/registry/KmsRootKey.js';
import { signRegistryToken } from '../../../lambda/registry/registryToken.js';
import { stubbedKms, TEST_KEY_ARN, verifyKmsSignature } from '../../support/kmsStub.js';

const kms = stubbedKms();
afterEach(() => {
  kms.mock.resetHistory();
});

const signer = new KmsRootKey(kms.client, TEST_KEY_ARN, kms.publicKey);

describe('KmsRootKey', () => {
  it('asks KMS to sign the SHA-256 digest (ES256 with the named key) and answers raw r‖s that verifies', async () => {
    const data = Buffer.from('eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJwYXQifQ');
    const signature = await signer.sign(data);

    expect(signature).toHaveLength(64);
    expect(verify('sha256', data, { key: kms.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    // What KMS answered (DER), checked by node:crypto, not by the code that signed it.
    const answered = kms.signatures.at(-1)!;
    expect(verifyKmsSignature(kms.publicKey, data, answered.signature)).toBe(true);
    expect(Buffer.from(derToRawSignature(answered.signature))).toEqual(Buffer.from(signature));
    const calls = kms.mock.commandCalls(SignCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      KeyId: TEST_KEY_ARN,
      Message: createHash('sha256').update(data).digest(),
      MessageType: 'DIGEST',
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
  });

  it('signs messages longer than the 4 KB KMS takes raw, since it sends only their digest', async () => {
    const data = Buffer.alloc(64 * 1024, 'a');
    expect(verify('sha256', data, { key: kms.publicKey, dsaEncoding: 'ieee-p1363' }, await signer.sign(data))).toBe(true);
    expect(verifyKmsSignature(kms.publicKey, data, kms.signatures.at(-1)!.signature)).toBe(true);
  });

  it('certifies short-lived signing keys whose tokens chain to the root certificate it signed', async () => {
    const now = new Date(1_800_000_000_000);
    const rootCertificate = new X509Certificate(await issueRootCertificate(signer, { now }));
    expect(rootCertificate.verify(kms.publicKey)).toBe(true);
    const key = await new ShortLivedSigningKeys(signer).current(now);
    const { token } = signRegistryToken(key, {
      issuer: 'issuer',
      service: 'registry',
      subject: 'pat',
      access: [{ type: 'repository', name: 'demo/nginx', actions: ['pull'] }],
      issuedAt: 1_800_000_000,
      lifetimeSeconds: 300,
    });
    const { claims } = await verifyChainedToken(token, rootCertificate, new Date(1_800_000_100_000));
    expect(claims).toMatchObject({ sub: 'pat', aud: 'registry', access: [{ name: 'demo/nginx', actions: ['pull'] }] });
    expect(kms.mock.commandCalls(SignCommand).length).toBeGreaterThanOrEqual(2);
  });

  it('fails, saying so, when KMS answers no signature or refuses', async () => {
    const silent = stubbedKms();
    silent.mock.on(SignCommand).resolves({});
    const silentSigner = new KmsRootKey(silent.client, TEST_KEY_ARN, silent.publicKey);
    await expect(silentSigner.sign(Buffer.from('x'))).rejects.toThrow('KMS answered no signature');
    const unknown = new KmsRootKey(kms.client, 'arn:aws:kms:eu-west-1:123456789012:key/other', kms.publicKey);
    await expect(unknown.sign(Buffer.from('x'))).rejects.toThrow(/does not exist/);
  });
});

describe('the KMS stub the tests sign with', () => {
  const send = (Message: Uint8Array, MessageType?: 'RAW' | 'DIGEST') =>
    kms.client.send(new SignCommand({ KeyId: TEST_KEY_ARN, Message, MessageType, SigningAlgorithm: 'ECDSA_SHA_256' }));

  it('answers, for a message or its SHA-256 digest, DER signatures that node:crypto verifies for that message and no other', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.boolean(), async (message, asDigest) => {
        const { Signature } = await send(asDigest ? createHash('sha256').update(message).digest() : message, asDigest ? 'DIGEST' : 'RAW');
        expect(verifyKmsSignature(kms.publicKey, message, Signature!)).toBe(true);
        expect(verifyKmsSignature(kms.publicKey, Buffer.concat([message, Buffer.from([0])]), Signature!)).toBe(false);
        expect(verifyKmsSignature(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey, message, Signature!)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses, as KMS does, a digest that is not 32 bytes and a key it does not hold', async () => {
    await expect(send(Buffer.alloc(31), 'DIGEST')).rejects.toThrow('Digest is invalid length for algorithm ECDSA_SHA_256.');
    await expect(
      kms.client.send(new SignCommand({ KeyId: 'alias/other', Message: Buffer.from('x'), SigningAlgorithm: 'ECDSA_SHA_256' })),
    ).rejects.toThrow("Key 'alias/other' does not exist");
  });
});

describe('derToRawSignature', () => {
  const { n } = p256.Point.CURVE();
  /** Scalars of every size, short ones (leading zero bytes in r‖s) as often as full ones. */
  const scalar = fc.oneof(
    fc.bigInt({ min: 1n, max: n - 1n }),
    fc.integer({ min: 1, max: 31 }).chain((bytes) => fc.bigInt({ min: 1n, max: 2n ** BigInt(8 * bytes) - 1n })),
    fc.constantFrom(1n, 0x7fn, 0x80n, 0xffn, 2n ** 255n, n - 1n),
  );
  const raw = (r: bigint, s: bigint) => Buffer.from(r.toString(16).padStart(64, '0') + s.toString(16).padStart(64, '0'), 'hex');

  it('turns any DER signature into r‖s, each left-padded to 32 bytes (checked against @noble/curves)', () => {
    fc.assert(
      fc.property(scalar, scalar, (r, s) => {
        const der = new p256.Signature(r, s).toBytes('der');
        expect(Buffer.from(derToRawSignature(der))).toEqual(raw(r, s));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives what node:crypto verifies as ieee-p1363 for its own DER signatures', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (message) => {
        const der = sign('sha256', message, privateKey);
        expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, derToRawSignature(der))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what is not one DER SEQUENCE of two INTEGERs that fit 32 bytes', () => {
    const good = Buffer.from(new p256.Signature(5n, 7n).toBytes('der'));
    const malformed = [
      Buffer.alloc(0),
      Buffer.from([0x31, ...good.subarray(1)]), // not a SEQUENCE
      good.subarray(0, good.length - 1), // truncated
      Buffer.concat([good, Buffer.from([0])]), // trailing byte
      Buffer.from([0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0x07]), // s is not an INTEGER
      Buffer.from([0x30, 0x06, 0x02, 0x00, 0x02, 0x02, 0x00, 0x07]), // empty r
      Buffer.concat([Buffer.from([0x30, 0x26, 0x02, 0x21, 0x01]), Buffer.alloc(32, 1), Buffer.from([0x02, 0x01, 0x07])]), // r of 33 bytes
    ];
    for (const der of malformed) expect(() => derToRawSignature(der)).toThrow('Not a DER-encoded ECDSA P-256 signature');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        try {
          expect(derToRawSignature(bytes)).toHaveLength(64);
        } catch (error) {
          expect((error as Error).message).toBe('Not a DER-encoded ECDSA P-256 signature');
        }
      }),
    );
  });
});
