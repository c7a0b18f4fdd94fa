import { type KeyObject, randomBytes } from 'node:crypto';
import { REGISTRY_CERTIFICATE_NAME } from './defaults.js';
import {
  bitString,
  boolean,
  directoryString,
  explicit,
  objectIdentifier,
  octetString,
  sequence,
  set,
  time,
  unsignedInteger,
} from './der.js';
import type { RootKey } from './RootKey.js';

/**
 * The root's subject, and so every leaf's issuer: Go chains a leaf to a root by these bytes.
 * The root certificate is made from this string (./rootCertificate.ts, for the operator's
 * tools and the deploy-time custom resource); a leaf's issuer is {@link ROOT_SUBJECT}, its DER.
 */
export const ROOT_NAME = `CN=${REGISTRY_CERTIFICATE_NAME}`;

/** A Name of one common name (2.5.4.3), as the root's tools encode `CN=…`: PrintableString when it fits. */
const commonName = (name: string) => sequence(set(sequence(objectIdentifier('2.5.4.3'), directoryString(name))));

/** {@link ROOT_NAME} in DER, byte for byte the root certificate's subject. */
const ROOT_SUBJECT = commonName(REGISTRY_CERTIFICATE_NAME);

const LEAF_SUBJECT = commonName(`${REGISTRY_CERTIFICATE_NAME} (token key)`);

/** ecdsa-with-SHA256 (RFC 5758): its parameters are absent, not NULL. */
const ECDSA_WITH_SHA256 = sequence(objectIdentifier('1.2.840.10045.4.3.2'));

const criticalExtension = (id: string, value: Uint8Array) => sequence(objectIdentifier(id), boolean(true), octetString(value));

/**
 * Not a CA (basicConstraints, its cA FALSE being the default and so absent: an empty
 * SEQUENCE), good for digital signatures only (keyUsage, bit 0: one bit, seven unused); both
 * critical.
 */
const LEAF_EXTENSIONS = explicit(
  3,
  sequence(criticalExtension('2.5.29.19', sequence()), criticalExtension('2.5.29.15', bitString(Buffer.of(0x80), 7))),
);

/** P-256: r and s, 32 bytes each, in the raw signature a root key answers. */
const COORDINATE_BYTES = 32;

/**
 * A leaf certificate for a short-lived token signing key, issued by the root key: not a CA,
 * good for signatures only, valid from `notBefore` to `notAfter` (whole seconds), issuer the
 * root certificate's subject, a random positive serial number of 16 bytes or 17 with its
 * sign byte, ecdsa-with-SHA256 signed by `root.sign` (whose raw r‖s is put in DER here, so
 * that the private key never has to be here: it may be in KMS). Answers DER.
 *
 * Written out by hand (./der.js) rather than with an ASN.1 or X.509 library: the structure
 * is fixed, and a library would add over 100 KB to each token function's bundle (the
 * @peculiar/asn1-* schemas about 120 KB minified, @peculiar/x509 with tsyringe about 240 KB).
 * test/lambda/registry/certificates.test.ts checks it byte for byte against @peculiar/x509.
 */
export async function issueLeafCertificate(
  root: RootKey,
  leafPublicKey: KeyObject,
  validity: { notBefore: Date; notAfter: Date },
): Promise<Buffer> {
  const tbsCertificate = sequence(
    explicit(0, unsignedInteger(Buffer.of(2))), // v3
    unsignedInteger(randomBytes(16)),
    ECDSA_WITH_SHA256,
    ROOT_SUBJECT,
    sequence(time(validity.notBefore), time(validity.notAfter)),
    LEAF_SUBJECT,
    leafPublicKey.export({ type: 'spki', format: 'der' }),
    LEAF_EXTENSIONS,
  );
  const signature = await root.sign(tbsCertificate);
  if (signature.length !== 2 * COORDINATE_BYTES) throw new Error('The root key answered no raw P-256 signature (r‖s)');
  const [r, s] = [signature.subarray(0, COORDINATE_BYTES), signature.subarray(COORDINATE_BYTES)];
  const signatureValue = sequence(unsignedInteger(r), unsignedInteger(s)); // ECDSA-Sig-Value
  return sequence(tbsCertificate, ECDSA_WITH_SHA256, bitString(signatureValue));
}
