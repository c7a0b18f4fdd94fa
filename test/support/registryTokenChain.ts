// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';

/**
 * Whether `leaf` chains to `root` by the rules Go's crypto/x509 applies when distribution
 * (2.8 and 3.x alike) verifies a token's `x5c` against its `rootcertbundle`:
 * - the parent is found by the leaf's issuer name, compared as DER bytes with the root's
 *   subject (RawIssuer == RawSubject), and its key verifies the leaf's signature;
 * - the parent is a CA (basic constraints), and its key usage, if any, allows cert signing;
 * - both certificates are valid at `now`: NotBefore ≤ now ≤ NotAfter, with no leeway.
 * Answers why not, or `undefined` when it chains.
 */
export function chainRefusal(leaf: X509Certificate, root: X509Certificate, now: Date): string | undefined {
  const leafIssuer = Buffer.from(new x509.X509Certificate(leaf.raw).issuerName.toArrayBuffer());
  const rootSubject = Buffer.from(new x509.X509Certificate(root.raw).subjectName.toArrayBuffer());
  if (!leafIssuer.equals(rootSubject)) return 'issuer is not the root’s subject';
  if (!leaf.checkIssued(root) || !leaf.verify(root.publicKey)) return 'not signed by the root';
  if (!root.ca) return 'the root is not a CA';
  const usages = new x509.X509Certificate(root.raw).getExtension(x509.KeyUsagesExtension)?.usages;
  if (usages !== undefined && (usages & x509.KeyUsageFlags.keyCertSign) === 0) return 'the root may not sign certificates';
  for (const [name, certificate] of [
    ['leaf', leaf],
    ['root', root],
  ] as const) {
    if (now < new Date(certificate.validFrom)) return `the ${name} is not valid yet`;
    if (now > new Date(certificate.validTo)) return `the ${name} has expired`;
  }
  return undefined;
}

/**
 * A registry token checked as distribution checks one with `x5c`: its leaf certificate
 * chains to the root certificate at `now` ({@link chainRefusal}), and the token verifies
 * with the leaf's key. Answers the header, the claims and the leaf.
 */
export async function verifyChainedToken(token: string, rootCertificate: X509Certificate, now: Date) {
  const header = decodeProtectedHeader(token);
  const [leafBase64, ...intermediates] = header.x5c ?? [];
  if (!leafBase64) throw new Error('The token has no x5c');
  if (intermediates.length > 0) throw new Error('The token names intermediates: none are expected');
  const leaf = new X509Certificate(Buffer.from(leafBase64, 'base64'));
  const refusal = chainRefusal(leaf, rootCertificate, now);
  if (refusal) throw new Error(`The token's chain is refused: ${refusal}`);
  const { payload } = await jwtVerify(token, leaf.publicKey, { currentDate: now, algorithms: ['ES256'] });
  return { header, claims: payload as Record<string, any>, leaf };
}
