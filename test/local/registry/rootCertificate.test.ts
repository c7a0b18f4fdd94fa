import { describe, expect, it } from '@jest/globals';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { X509Certificate } from 'node:crypto';
import { CLOCK_BEHIND_MARGIN_SECONDS } from '../../../lambda/registry/defaults.js';
import { createRootCertificate } from '../../../local/registry/rootCertificate.js';
import { createTestRootKey } from '../../support/registrySigner.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const rootKey = createTestRootKey();

const rootCertificateNow = async () => new X509Certificate(await createRootCertificate(rootKey, { now: NOW }));

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
