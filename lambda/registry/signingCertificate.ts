// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';
import type { RegistryTokenSigner } from './RegistryTokenSigner.js';

/** How long the certificate is valid; in kid mode distribution 2.8 does not check it. */
const VALIDITY_YEARS = 10;

const ES256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

/**
 * WebCrypto as @peculiar/x509 uses it, except that signing goes through the signer, so
 * the private key never has to be here (it may be in KMS). WebCrypto's ECDSA signatures
 * are raw r‖s like the signer's; the library turns them into DER for the certificate.
 */
type X509Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
type X509Params = Parameters<typeof x509.X509CertificateGenerator.create>[0];

function cryptoSigningWith(signer: RegistryTokenSigner): X509Crypto {
  const subtle = {
    sign: async (_algorithm: unknown, _key: unknown, data: ArrayBuffer | ArrayBufferView) => {
      const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
      return new Uint8Array(await signer.sign(bytes)).buffer;
    },
  };
  return { subtle, getRandomValues: webcrypto.getRandomValues.bind(webcrypto) } as unknown as X509Crypto;
}

/**
 * A self-signed X.509 certificate for the signer's public key, signed by the signer: what
 * a registry's `rootcertbundle` holds. The registry only takes the public key from it (and
 * its libtrust id, the tokens' `kid`), but it reads nothing but CERTIFICATE blocks.
 */
export async function createSigningCertificate(
  signer: RegistryTokenSigner,
  options: { commonName: string; now?: Date },
): Promise<string> {
  const notBefore = options.now ?? new Date();
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALIDITY_YEARS);
  // Only its algorithm is read: the signature itself comes from the signer.
  const signingKey = { algorithm: { name: 'ECDSA', namedCurve: 'P-256' }, type: 'private' } as unknown as X509Params extends { signingKey: infer K } ? K : never;
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomBytes(16).toString('hex'),
      subject: `CN=${options.commonName}`,
      issuer: `CN=${options.commonName}`,
      notBefore,
      notAfter,
      publicKey: signer.publicKey.export({ type: 'spki', format: 'der' }),
      signingKey,
      signingAlgorithm: ES256,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
      ],
    },
    cryptoSigningWith(signer),
  );
  return certificate.toString('pem');
}
