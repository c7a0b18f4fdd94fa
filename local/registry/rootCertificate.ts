import { CLOCK_BEHIND_MARGIN_SECONDS } from '../../lambda/registry/defaults.js';
import { certifyWithRootKey, ROOT_NAME } from '../../lambda/registry/certificates.js';
import type { RootKey } from '../../lambda/registry/RootKey.js';

/** How long the root certificate is valid: registries check it on every token once `x5c` is used. */
const ROOT_VALIDITY_YEARS = 10;

/**
 * The root certificate: self-signed by the root key, a CA that may sign certificates. It
 * is what a registry's `rootcertbundle` holds; every token's `x5c` chain ends at it. Made
 * once, by the operator's tools (`npm run registry-cert` for the KMS key, the local registry
 * keys for the local one), never by a deployed function, which only issues leaves
 * (lambda/registry/certificates.ts).
 */
export async function createRootCertificate(root: RootKey, options: { now?: Date } = {}): Promise<string> {
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - CLOCK_BEHIND_MARGIN_SECONDS * 1000);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + ROOT_VALIDITY_YEARS);
  const certificate = await certifyWithRootKey(root, { subject: ROOT_NAME, publicKey: root.publicKey, notBefore, notAfter, ca: true });
  return certificate.toString('pem');
}
