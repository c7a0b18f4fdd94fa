/**
 * Keeps access key secrets encrypted at rest. Each sealed secret is bound to its access key
 * id (AES-GCM additional data locally, the KMS encryption context on AWS), so a sealed
 * secret copied onto another key's item does not open.
 */
export interface SecretSealer {
  seal(accessKey: string, secret: string): Promise<string>;
  /** @throws when the sealed text was not sealed for `accessKey` with this sealer's key. */
  open(accessKey: string, sealed: string): Promise<string>;
}
