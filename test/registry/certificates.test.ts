import { describe, expect, it } from '@jest/globals';
import 'reflect-metadata';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { issueLeafCertificate } from '../../lambda/registry/certificates.js';
import { createRootCertificate } from '../../local/registry/rootCertificate.js';
import { createTestRootKey } from '../support/registrySigner.js';
import { chainRefusal } from '../support/registryTokenChain.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const rootKey = createTestRootKey();

async function chain(validity = { notBefore: new Date(NOW.getTime() - 60_000), notAfter: new Date(NOW.getTime() + HOUR) }, root = rootKey) {
  const rootCertificate = new X509Certificate(await createRootCertificate(root, { now: NOW }));
  const leafKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leaf = new X509Certificate(await issueLeafCertificate(root, leafKey.publicKey, validity));
  return { rootCertificate, leaf, leafKey };
}

const at = (date: Date, deltaMs: number) => new Date(date.getTime() + deltaMs);

describe('a leaf certificate, checked by the rules Go’s x509 applies', () => {
  it('chains to the root: its issuer is the root’s subject byte for byte, signed by the root key', async () => {
    const { rootCertificate, leaf, leafKey } = await chain();
    expect(chainRefusal(leaf, rootCertificate, NOW)).toBeUndefined();
    expect(leaf.issuer).toBe(rootCertificate.subject);
    expect(leaf.publicKey.export({ format: 'jwk' })).toEqual(leafKey.publicKey.export({ format: 'jwk' }));
  });

  it('is no CA and may only sign', async () => {
    const { leaf } = await chain();
    expect(leaf.ca).toBe(false);
    const usages = new x509.X509Certificate(leaf.raw).getExtension(x509.KeyUsagesExtension)!.usages;
    expect(usages).toBe(x509.KeyUsageFlags.digitalSignature);
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
    const otherRoot = new X509Certificate(await createRootCertificate(createTestRootKey(), { now: NOW }));
    expect(otherRoot.subject).toBe(new X509Certificate(await createRootCertificate(rootKey, { now: NOW })).subject);
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
