import type { KeyObject } from 'node:crypto';

/**
 * The long-term registry key (ECDSA P-256): its self-signed certificate is the one a
 * registry's `rootcertbundle` holds. It signs certificates only, never a token: tokens are
 * signed by short-lived keys it certifies (see ShortLivedSigningKeys). Two implementations:
 * a key file in DATA_DIR on one machine, and a KMS asymmetric key on AWS; what uses it never
 * knows which one it has.
 */
export interface RootKey {
  readonly publicKey: KeyObject;
  /**
   * The ECDSA P-256 / SHA-256 signature of `data` (hashed inside), as raw r‖s (64 bytes):
   * the form WebCrypto uses. Never DER.
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
}
