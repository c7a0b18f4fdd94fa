// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { type KeyObject, webcrypto } from 'node:crypto';
import { REGISTRY_CERTIFICATE_NAME } from './defaults.js';
import type { RootKey } from './RootKey.js';

/** The root's subject, and so every leaf's issuer: Go chains a leaf to a root by these bytes. */
export const ROOT_NAME = `CN=${REGISTRY_CERTIFICATE_NAME}`;

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

/** What the root key certifies: a subject and its public key, for a time, as a CA or not. */
export interface CertificateRequest {
  subject: string;
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  /**
   * A CA may sign certificates, and no CA below it may (path length 0): the root, which
   * certifies itself. Otherwise the certificate is good for signatures only.
   */
  ca: boolean;
}

/**
 * A certificate issued by the root key (issuer {@link ROOT_NAME}, so that it chains to the
 * root certificate), its signature made by `root.sign`. The root certificate itself is this
 * with the root's own name and key (local/registry/rootCertificate.ts).
 */
export function certifyWithRootKey(root: RootKey, request: CertificateRequest): Promise<x509.X509Certificate> {
  const usages = request.ca ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign : x509.KeyUsageFlags.digitalSignature;
  return x509.X509CertificateGenerator.create(
    {
      subject: request.subject,
      issuer: ROOT_NAME,
      notBefore: request.notBefore,
      notAfter: request.notAfter,
      publicKey: spki(request.publicKey),
      signingKey: ROOT_SIGNING_KEY,
      signingAlgorithm: ES256,
      extensions: [
        request.ca ? new x509.BasicConstraintsExtension(true, 0, true) : new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(usages, true),
      ],
    },
    cryptoSigningWith(root),
  );
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
  const certificate = await certifyWithRootKey(root, {
    subject: `CN=${REGISTRY_CERTIFICATE_NAME} (token key)`,
    publicKey: leafPublicKey,
    ...validity,
    ca: false,
  });
  return Buffer.from(certificate.rawData);
}
