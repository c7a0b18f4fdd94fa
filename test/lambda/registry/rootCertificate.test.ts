import { describe, expect, it } from '@jest/globals';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { webcrypto, X509Certificate } from 'node:crypto';
import { ROOT_NAME } from '../../../lambda/registry/certificates.js';
import { CLOCK_BEHIND_MARGIN_SECONDS } from '../../../lambda/registry/defaults.js';
import { issueRootCertificate } from '../../../lambda/registry/rootCertificate.js';
import { createTestRootKey } from '../../support/registrySigner.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const rootKey = createTestRootKey();

const rootCertificateNow = async () => new X509Certificate(await issueRootCertificate(rootKey, { now: NOW }));

describe('the root certificate', () => {
  it('is self-signed by the root key, a CA limited to signing end-entity certificates', async () => {
    const rootCertificate = await rootCertificateNow();
    expect(rootCertificate.verify(rootKey.publicKey)).toBe(true);
    expect(rootCertificate.publicKey.export({ format: 'jwk' })).toEqual(rootKey.publicKey.export({ format: 'jwk' }));
    expect(rootCertificate.ca).toBe(true);
    const parsed = new x509.X509Certificate(rootCertificate.raw);
    expect(parsed.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ ca: true, pathLength: 0, critical: true });
    expect(parsed.getExtension(x509.KeyUsagesExtension)!.usages & x509.KeyUsageFlags.keyCertSign).toBeTruthy();
  });

  it('starts minutes before it was made, for a registry whose clock runs behind, and lasts years', async () => {
    const rootCertificate = await rootCertificateNow();
    expect(new Date(rootCertificate.validFrom).getTime()).toBe(NOW.getTime() - CLOCK_BEHIND_MARGIN_SECONDS * 1000);
    expect(new Date(rootCertificate.validTo).getUTCFullYear()).toBe(NOW.getUTCFullYear() + 10);
  });
});

/** The certificate @peculiar/x509 makes of the same fields (how the operator's tools made it before). */
async function rootByPeculiarX509(serialNumber: string) {
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: ROOT_NAME,
    issuer: ROOT_NAME,
    notBefore: new Date(NOW.getTime() - CLOCK_BEHIND_MARGIN_SECONDS * 1000),
    notAfter: new Date('2036-06-15T12:00:00.000Z'),
    publicKey: rootKey.publicKey.export({ type: 'spki', format: 'der' }),
    signingKey: (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'])).privateKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
    ],
  });
  return new X509Certificate(Buffer.from(certificate.rawData));
}

describe('the root certificate, written out by hand', () => {
  it('is, to its TBS, the one @peculiar/x509 makes of the same fields (serial number aside)', async () => {
    const ours = await rootCertificateNow();
    const reference = await rootByPeculiarX509(ours.serialNumber);
    const tbs = (certificate: X509Certificate) => AsnConvert.serialize(AsnConvert.parse(certificate.raw, Certificate).tbsCertificate);
    expect(Buffer.from(tbs(ours)).toString('hex')).toBe(Buffer.from(tbs(reference)).toString('hex'));
  });

  it('is refused when the root key signs with another key than its public half', async () => {
    const impostor = { publicKey: rootKey.publicKey, sign: createTestRootKey().sign };
    await expect(issueRootCertificate(impostor, { now: NOW })).rejects.toThrow('does not verify');
  });
});
