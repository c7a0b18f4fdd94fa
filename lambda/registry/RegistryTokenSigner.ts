import type { KeyObject } from 'node:crypto';

/**
 * The key that signs registry tokens (ES256 on P-256). Two implementations: a key file in
 * DATA_DIR on one machine, and a KMS asymmetric key on AWS. What uses a signer never knows
 * which one it has.
 */
export interface RegistryTokenSigner {
  /** The public half, whose certificate the registry's `rootcertbundle` holds. */
  readonly publicKey: KeyObject;
  /**
   * The ECDSA P-256 / SHA-256 signature of `data` (hashed inside), as raw r‖s (64 bytes):
   * the form both JWS (ES256) and WebCrypto use. Never DER.
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
}
