/**
 * The design the short-lived keys replaced, kept here only as the benchmarks' comparison
 * ("per-token KMS"): every token signed by the root key itself, so one KMS Sign per token on
 * AWS. Nothing outside bench/ uses it.
 */
import { type RegistryTokenRequest, registryTokenClaims, type TokenSigningKey } from '../../lambda/registry/registryToken.js';
import type { RootKey } from '../../lambda/registry/RootKey.js';
import { ShortLivedSigningKeys } from '../../lambda/registry/ShortLivedSigningKeys.js';

const base64url = (data: string | Uint8Array) => Buffer.from(data).toString('base64url');

/**
 * A registry token signed by the root key, as the token function signed every token before
 * the short-lived keys (the former lambda/registry/registryToken.ts): header with the root
 * key's libtrust `kid` and no `x5c`, one `root.sign` (one KMS Sign) per token.
 */
export async function signTokenPerTokenKms(root: RootKey, keyId: string, request: RegistryTokenRequest): Promise<string> {
  const claims = registryTokenClaims(request);
  const header = { typ: 'JWT', alg: 'ES256', kid: keyId };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = await root.sign(Buffer.from(signingInput));
  return `${signingInput}.${base64url(signature)}`;
}

/**
 * The per-token KMS design for the token handler as it is now built: each token request
 * asks the root key for one signature (one KMS Sign, of a message of a token's size) before
 * it is handed a key, so every request waits for a KMS round trip as it did before. The
 * handler then still signs the token locally with that key (about 0.05 ms, where the design
 * before had KMS's signature instead): within the noise of a KMS round trip.
 */
export class PerTokenKmsSigningKeys extends ShortLivedSigningKeys {
  constructor(
    private readonly perTokenRoot: RootKey,
    /** A key certified beforehand: the count of root signatures is then one per token exactly. */
    private readonly certifiedKey: TokenSigningKey,
    /** What is signed per token: a token's signing input. */
    private readonly message: Uint8Array,
  ) {
    super(perTokenRoot);
  }

  override async current(): Promise<TokenSigningKey> {
    await this.perTokenRoot.sign(this.message);
    return this.certifiedKey;
  }
}
