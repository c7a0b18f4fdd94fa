import { randomBytes, X509Certificate } from 'node:crypto';
import { CLOCK_BEHIND_MARGIN_SECONDS, REGISTRY_CERTIFICATE_NAME } from './defaults.js';
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

/*
 * The root's name and the signature algorithm, in DER, as ./certificates.ts writes them for
 * every leaf's issuer: written here again rather than imported, because every function's
 * bundle holds that module, and any edit to it (an `export`) changes their source maps and
 * so the template of a stack that runs no registry. test/lambda/deploy/rootCertificate.test.ts
 * chains a leaf of ./certificates.ts to this root, byte for byte as Go does, and
 * test/lambda/registry/rootCertificate.test.ts compares the whole TBS with @peculiar/x509's.
 */

/** `CN=<REGISTRY_CERTIFICATE_NAME>`: the root's subject and issuer, every leaf's issuer. */
const ROOT_SUBJECT = sequence(set(sequence(objectIdentifier('2.5.4.3'), directoryString(REGISTRY_CERTIFICATE_NAME))));

/** ecdsa-with-SHA256 (RFC 5758): its parameters are absent, not NULL. */
const ECDSA_WITH_SHA256 = sequence(objectIdentifier('1.2.840.10045.4.3.2'));

const criticalExtension = (id: string, value: Uint8Array) => sequence(objectIdentifier(id), boolean(true), octetString(value));

/** P-256: r and s, 32 bytes each, in the raw signature a root key answers. */
const COORDINATE_BYTES = 32;

/** How long the root certificate is valid: registries check it on every token once `x5c` is used. */
const ROOT_VALIDITY_YEARS = 10;

/**
 * A CA that may certify keys but no CA below it (basicConstraints: cA TRUE, pathLen 0), good
 * for digital signatures and certificate signing (keyUsage bits 0 and 5: six bits, two
 * unused); both critical.
 */
const ROOT_EXTENSIONS = explicit(
  3,
  sequence(
    criticalExtension('2.5.29.19', sequence(boolean(true), unsignedInteger(Buffer.of(0)))),
    criticalExtension('2.5.29.15', bitString(Buffer.of(0x84), 2)),
  ),
);

/**
 * The root certificate, PEM: self-signed by the root key (subject and issuer
 * `ROOT_NAME`, byte for byte the issuer of every leaf ./certificates.ts issues), a CA with
 * no CA below it, valid from {@link CLOCK_BEHIND_MARGIN_SECONDS} before `now` (so a registry
 * whose clock runs behind accepts it at once) for ten years. It is what a registry's
 * `rootcertbundle` holds; every token's `x5c` chain ends at it. Made by the operator's tools
 * (`npm run registry-cert`, the local keys) and, when the stack runs the registry, by a
 * deploy-time custom resource (lambda/deploy/rootCertificateResource.ts); never by a token
 * function. Its signature is checked with the root's public key before it is answered.
 */
export async function issueRootCertificate(root: RootKey, options: { now?: Date } = {}): Promise<string> {
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - CLOCK_BEHIND_MARGIN_SECONDS * 1000);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + ROOT_VALIDITY_YEARS);
  const tbsCertificate = sequence(
    explicit(0, unsignedInteger(Buffer.of(2))), // v3
    unsignedInteger(randomBytes(16)),
    ECDSA_WITH_SHA256,
    ROOT_SUBJECT,
    sequence(time(notBefore), time(notAfter)),
    ROOT_SUBJECT,
    root.publicKey.export({ type: 'spki', format: 'der' }),
    ROOT_EXTENSIONS,
  );
  const signature = await root.sign(tbsCertificate);
  if (signature.length !== 2 * COORDINATE_BYTES) throw new Error('The root key answered no raw P-256 signature (r‖s)');
  const signatureValue = sequence(
    unsignedInteger(signature.subarray(0, COORDINATE_BYTES)),
    unsignedInteger(signature.subarray(COORDINATE_BYTES)),
  );
  const certificate = new X509Certificate(sequence(tbsCertificate, ECDSA_WITH_SHA256, bitString(signatureValue)));
  if (!certificate.verify(root.publicKey))
    throw new Error("The root certificate's signature does not verify with the root key's public half");
  return certificate.toString();
}
