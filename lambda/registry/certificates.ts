// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { type KeyObject, webcrypto } from 'node:crypto';
import { CLOCK_BEHIND_MARGIN_SECONDS, REGISTRY_CERTIFICATE_NAME } from './defaults.js';
import type { RootKey } from './RootKey.js';

/** How long the root certificate is valid: registries check it on every token once `x5c` is used. */
const ROOT_VALIDITY_YEARS = 10;


/** The root's subject, and so every leaf's issuer: Go chains a leaf to a root by these bytes. */
const ROOT_NAME = `CN=${REGISTRY_CERTIFICATE_NAME}`;

const ES256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

type X509Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
type X509Params = Parameters<typeof x509.X509CertificateGenerator.create>[0];
type X509SigningKey = X509Params extends { signingKey: infer K } ? K : never;

/** Only its algorithm is read by the library: the signature itself comes from the root key. */
const ROOT_SIGNING_KEY = { algorithm: { name: 'ECDSA', namedCurve: 'P-256' }, type: 'private' } as unknown as X509SigningKey;

/**
 * WebCrypto as @peculiar/x509 uses it, except that signing goes through the root key, so
 * the private key never has to be here (it may be in KMS). WebCrypto's ECDSA signatures
 * are raw r‖s like the root key's; the library turns them into DER for the certificate.
 */
function cryptoSigningWith(root: RootKey): X509Crypto {
  const subtle = {
    sign: async (_algorithm: unknown, _key: unknown, data: ArrayBuffer | ArrayBufferView) => {
      const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
      return new Uint8Array(await root.sign(bytes)).buffer;
    },
  };
  return { subtle, getRandomValues: webcrypto.getRandomValues.bind(webcrypto) } as unknown as X509Crypto;
}

const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });

/**
 * The root certificate: self-signed by the root key, a CA that may sign certificates. It
 * is what a registry's `rootcertbundle` holds; every token's `x5c` chain ends at it.
 */
export async function createRootCertificate(root: RootKey, options: { now?: Date } = {}): Promise<string> {
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - CLOCK_BEHIND_MARGIN_SECONDS * 1000);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + ROOT_VALIDITY_YEARS);
  const certificate = await x509.X509CertificateGenerator.create(
    {
      subject: ROOT_NAME,
      issuer: ROOT_NAME,
      notBefore,
      notAfter,
      publicKey: spki(root.publicKey),
      signingKey: ROOT_SIGNING_KEY,
      signingAlgorithm: ES256,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
      ],
    },
    cryptoSigningWith(root),
  );
  return certificate.toString('pem');
}

/**
 * A leaf certificate for a short-lived token signing key, issued by the root key: not a CA,
 * good for signatures only, valid from `notBefore` to `notAfter`. Answers DER.
 */
export async function issueLeafCertificate(
  root: RootKey,
  leafPublicKey: KeyObject,
  validity: { notBefore: Date; notAfter: Date },
): Promise<Buffer> {
  const certificate = await x509.X509CertificateGenerator.create(
    {
      subject: `CN=${REGISTRY_CERTIFICATE_NAME} (token key)`,
      issuer: ROOT_NAME,
      notBefore: validity.notBefore,
      notAfter: validity.notAfter,
      publicKey: spki(leafPublicKey),
      signingKey: ROOT_SIGNING_KEY,
      signingAlgorithm: ES256,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      ],
    },
    cryptoSigningWith(root),
  );
  return Buffer.from(certificate.rawData);
}
