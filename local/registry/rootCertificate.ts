// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { CLOCK_BEHIND_MARGIN_SECONDS } from '../../lambda/registry/defaults.js';
import { ROOT_NAME } from '../../lambda/registry/certificates.js';
import type { RootKey } from '../../lambda/registry/RootKey.js';

/** How long the root certificate is valid: registries check it on every token once `x5c` is used. */
const ROOT_VALIDITY_YEARS = 10;

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

/**
 * The root certificate: self-signed by the root key (subject and issuer {@link ROOT_NAME}),
 * a CA that may sign certificates and no CA below it (path length 0). It is what a
 * registry's `rootcertbundle` holds; every token's `x5c` chain ends at it. Made once, by the
 * operator's tools (`npm run registry-cert` for the KMS key, the local registry keys for the
 * local one), never by a deployed function, which only issues leaves whose issuer is this
 * certificate's subject byte for byte (lambda/registry/certificates.ts).
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
      publicKey: root.publicKey.export({ type: 'spki', format: 'der' }),
      signingKey: ROOT_SIGNING_KEY,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
      ],
    },
    cryptoSigningWith(root),
  );
  return certificate.toString('pem');
}
