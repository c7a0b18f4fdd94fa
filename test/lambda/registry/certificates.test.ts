import { describe, expect, it } from '@jest/globals';
import 'reflect-metadata';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import { generateKeyPairSync, type KeyObject, webcrypto, X509Certificate } from 'node:crypto';
import { issueLeafCertificate, ROOT_NAME } from '../../../lambda/registry/certificates.js';
import { REGISTRY_CERTIFICATE_NAME } from '../../../lambda/registry/defaults.js';
import { element, objectIdentifier, time, unsignedInteger } from '../../../lambda/registry/der.js';
import { issueRootCertificate } from '../../../lambda/registry/rootCertificate.js';
import { createTestRootKey } from '../../support/registrySigner.js';
import { chainRefusal } from '../../support/registryTokenChain.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const rootKey = createTestRootKey();

async function chain(validity = { notBefore: new Date(NOW.getTime() - 60_000), notAfter: new Date(NOW.getTime() + HOUR) }, root = rootKey) {
  const rootCertificate = new X509Certificate(await issueRootCertificate(root, { now: NOW }));
  const leafKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leaf = new X509Certificate(await issueLeafCertificate(root, leafKey.publicKey, validity));
  return { rootCertificate, leaf, leafKey };
}

const at = (date: Date, deltaMs: number) => new Date(date.getTime() + deltaMs);

/** The raw elements inside a DER SEQUENCE (or any constructed element), each with its tag and length. */
function children(der: Uint8Array): Buffer[] {
  const bytes = Buffer.from(der);
  const header = (offset: number) => {
    const first = bytes[offset + 1]!;
    if (first < 0x80) return { headerBytes: 2, length: first };
    const count = first & 0x7f;
    return { headerBytes: 2 + count, length: bytes.readUIntBE(offset + 2, count) };
  };
  const outer = header(0);
  expect(outer.headerBytes + outer.length).toBe(bytes.length);
  const found: Buffer[] = [];
  for (let offset = outer.headerBytes; offset < bytes.length; ) {
    const { headerBytes, length } = header(offset);
    found.push(bytes.subarray(offset, offset + headerBytes + length));
    offset += headerBytes + length;
  }
  return found;
}

/** A certificate's TBSCertificate, issuer and subject as they stand in its DER: what Go compares. */
function rawParts(certificate: X509Certificate) {
  const [tbs] = children(certificate.raw);
  const [, , , issuer, , subject] = children(tbs!);
  return { tbs: tbs!, issuer: issuer!, subject: subject! };
}

/** The certificate @peculiar/x509 makes of these fields, as the token functions did before. */
async function leafByPeculiarX509(serialNumber: string, publicKey: KeyObject, validity: { notBefore: Date; notAfter: Date }) {
  const signer = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: `CN=${REGISTRY_CERTIFICATE_NAME} (token key)`,
    issuer: ROOT_NAME,
    ...validity,
    publicKey: publicKey.export({ type: 'spki', format: 'der' }),
    signingKey: signer.privateKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
  return new X509Certificate(Buffer.from(certificate.rawData));
}

describe('a leaf certificate, checked by the rules Go’s x509 applies', () => {
  it('chains to the root: its issuer is the root’s subject byte for byte, signed by the root key', async () => {
    const { rootCertificate, leaf, leafKey } = await chain();
    expect(chainRefusal(leaf, rootCertificate, NOW)).toBeUndefined();
    expect(leaf.issuer).toBe(rootCertificate.subject);
    expect(leaf.publicKey.export({ format: 'jwk' })).toEqual(leafKey.publicKey.export({ format: 'jwk' }));
  });

  it('is written without an X.509 library, yet parses with Node’s X509Certificate and chains to the root by issuer bytes', async () => {
    // The root is the operator's tools' own (lambda/registry/rootCertificate.ts); the leaf is
    // written by hand (lambda/registry/der.ts).
    const rootCertificate = new X509Certificate(await issueRootCertificate(rootKey, { now: NOW }));
    const leafKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = await issueLeafCertificate(rootKey, leafKey.publicKey, { notBefore: at(NOW, -60_000), notAfter: at(NOW, HOUR) });
    const leaf = new X509Certificate(der);
    expect(rawParts(leaf).issuer.equals(rawParts(rootCertificate).subject)).toBe(true);
    expect(leaf.checkIssued(rootCertificate)).toBe(true);
    expect(leaf.verify(rootKey.publicKey)).toBe(true);
    expect(leaf.subject).toBe(`CN=${REGISTRY_CERTIFICATE_NAME} (token key)`);
    expect(leaf.validFromDate).toEqual(at(NOW, -60_000));
    expect(leaf.validToDate).toEqual(at(NOW, HOUR));
    expect(new x509.X509Certificate(der).signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    expect(chainRefusal(leaf, rootCertificate, NOW)).toBeUndefined();
  });

  it('is, but for its signature, byte for byte the certificate @peculiar/x509 makes of the same fields', async () => {
    const validities = [
      { notBefore: new Date('2026-06-15T11:50:00.000Z'), notAfter: new Date('2026-06-15T13:20:00.000Z') },
      // RFC 5280's switch from UTCTime to GeneralizedTime at 2050, and a fraction of a second dropped.
      { notBefore: new Date('2049-12-31T23:50:00.250Z'), notAfter: new Date('2050-01-01T01:20:00.999Z') },
    ];
    for (const validity of validities) {
      for (let i = 0; i < 10; i += 1) {
        const leafKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const ours = new X509Certificate(await issueLeafCertificate(rootKey, leafKey.publicKey, validity));
        const serial = Buffer.from(AsnConvert.parse(ours.raw, Certificate).tbsCertificate.serialNumber).toString('hex');
        const theirs = await leafByPeculiarX509(serial, leafKey.publicKey, validity);
        expect(rawParts(ours).tbs.toString('hex')).toBe(rawParts(theirs).tbs.toString('hex'));
        const [, ourAlgorithm] = children(ours.raw);
        const [, theirAlgorithm] = children(theirs.raw);
        expect(ourAlgorithm!.equals(theirAlgorithm!)).toBe(true);
      }
    }
  });

  it('is no CA and may only sign, both said in critical extensions', async () => {
    const { leaf } = await chain();
    expect(leaf.ca).toBe(false);
    const parsed = new x509.X509Certificate(leaf.raw);
    expect(parsed.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ ca: false, pathLength: undefined, critical: true });
    const keyUsage = parsed.getExtension(x509.KeyUsagesExtension)!;
    expect(keyUsage.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    expect(keyUsage.critical).toBe(true);
    expect(parsed.extensions).toHaveLength(2);
  });

  it('is not made from a root key that answers anything but a raw P-256 signature', async () => {
    const derSigning = { publicKey: rootKey.publicKey, sign: async () => new Uint8Array(71) };
    const leafKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await expect(issueLeafCertificate(derSigning, leafKey.publicKey, { notBefore: NOW, notAfter: at(NOW, HOUR) })).rejects.toThrow(
      'raw P-256 signature',
    );
  });

  it('has a positive serial number of at most 20 bytes (Go refuses a negative one)', async () => {
    for (let i = 0; i < 20; i += 1) {
      const { leaf } = await chain();
      // The DER INTEGER's own bytes, not a printed magnitude: its sign bit must be clear.
      const serial = Buffer.from(AsnConvert.parse(leaf.raw, Certificate).tbsCertificate.serialNumber);
      expect(serial.length).toBeLessThanOrEqual(20);
      expect(serial[0]! & 0x80).toBe(0);
    }
  });

  it('is valid exactly from NotBefore to NotAfter, and refused a second outside', async () => {
    const validity = { notBefore: new Date('2026-06-15T11:50:00.000Z'), notAfter: new Date('2026-06-15T13:00:00.000Z') };
    const { rootCertificate, leaf } = await chain(validity);
    expect(chainRefusal(leaf, rootCertificate, validity.notBefore)).toBeUndefined();
    expect(chainRefusal(leaf, rootCertificate, validity.notAfter)).toBeUndefined();
    expect(chainRefusal(leaf, rootCertificate, at(validity.notBefore, -1000))).toBe('the leaf is not valid yet');
    expect(chainRefusal(leaf, rootCertificate, at(validity.notAfter, 1000))).toBe('the leaf has expired');
  });

  it('does not chain to another root, even one of the same name', async () => {
    const { leaf } = await chain();
    const otherRoot = new X509Certificate(await issueRootCertificate(createTestRootKey(), { now: NOW }));
    expect(otherRoot.subject).toBe(new X509Certificate(await issueRootCertificate(rootKey, { now: NOW })).subject);
    expect(chainRefusal(leaf, otherRoot, NOW)).toBe('not signed by the root');
  });

  it('cannot itself issue a certificate that chains: it is no CA', async () => {
    const { leaf, leafKey } = await chain();
    const leafAsRoot = { publicKey: leafKey.publicKey, sign: createTestRootKey().sign };
    const grandchild = new X509Certificate(
      await issueLeafCertificate(leafAsRoot, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey, {
        notBefore: NOW,
        notAfter: at(NOW, HOUR),
      }),
    );
    expect(chainRefusal(grandchild, leaf, NOW)).not.toBeUndefined();
  });
});

describe('the DER a leaf certificate is written in', () => {
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

  it('writes lengths in the fewest bytes', () => {
    expect(hex(element(0x04, Buffer.alloc(127))).slice(0, 4)).toBe('047f');
    expect(hex(element(0x04, Buffer.alloc(128))).slice(0, 6)).toBe('048180');
    expect(hex(element(0x04, Buffer.alloc(255))).slice(0, 6)).toBe('0481ff');
    expect(hex(element(0x04, Buffer.alloc(300))).slice(0, 8)).toBe('0482012c');
    expect(element(0x04, Buffer.alloc(300))).toHaveLength(304);
  });

  it('writes integers positive and minimal, as Go requires', () => {
    expect(hex(unsignedInteger(Buffer.from('00007f', 'hex')))).toBe('02017f');
    expect(hex(unsignedInteger(Buffer.from('80', 'hex')))).toBe('02020080');
    expect(hex(unsignedInteger(Buffer.from('000080ff', 'hex')))).toBe('02030080ff');
    expect(hex(unsignedInteger(Buffer.from('0000', 'hex')))).toBe('020100');
    expect(hex(unsignedInteger(new Uint8Array(0)))).toBe('020100');
  });

  it('writes object identifiers in base 128', () => {
    expect(hex(objectIdentifier('2.5.4.3'))).toBe('0603550403');
    expect(hex(objectIdentifier('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
    expect(hex(objectIdentifier('1.2.840.113549.1.1.11'))).toBe('06092a864886f70d01010b');
    expect(() => objectIdentifier('1')).toThrow();
  });

  it('writes times as UTCTime through 2049 and GeneralizedTime from 2050, in whole seconds', () => {
    expect(time(new Date('2026-06-15T12:00:00.900Z')).toString('latin1')).toBe('\x17\x0d260615120000Z');
    expect(time(new Date('2049-12-31T23:59:59.000Z')).toString('latin1')).toBe('\x17\x0d491231235959Z');
    expect(time(new Date('2050-01-01T00:00:00.000Z')).toString('latin1')).toBe('\x18\x0f20500101000000Z');
    expect(() => time(new Date(Number.NaN))).toThrow();
  });
});
