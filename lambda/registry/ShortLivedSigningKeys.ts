import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import type { RequestLogger } from '../RequestLogger.js';
import { CLOCK_BEHIND_MARGIN_SECONDS, MAX_REGISTRY_TOKEN_LIFETIME_SECONDS, MIN_REGISTRY_TOKEN_LIFETIME_SECONDS } from './defaults.js';
import { issueLeafCertificate } from './certificates.js';
import { libtrustKeyId } from './keyId.js';
import { encodeTokenHeader, type TokenSigningKey } from './registryToken.js';
import type { RootKey } from './RootKey.js';

/**
 * How long one key signs tokens before the next is made: one root signature (one KMS call on
 * AWS) per container per hour is a negligible cost and draw on the account's KMS quota,
 * while a key that only ever lived in one process's memory is useful to a thief for at most
 * this long plus the grace below. A Lambda container rarely lives much longer than this, so
 * a longer lifetime would save few calls.
 */
export const KEY_LIFETIME_SECONDS = 60 * 60;

/**
 * How long past its hour a key may go on signing while its successor cannot be made (the
 * root key, KMS on AWS, unreachable). Its certificate covers this too.
 */
export const RENEWAL_GRACE_SECONDS = 15 * 60;

/** While renewal fails, the root key is asked again at most this often. */
export const RENEWAL_RETRY_SECONDS = 10;

/** distribution accepts a token up to 60 s after its `exp` (and before its `nbf`). */
export const REGISTRY_LEEWAY_SECONDS = 60;

/** A registry whose clock runs this far ahead of ours still finds the certificate valid. */
export const CLOCK_AHEAD_MARGIN_SECONDS = 5 * 60;

/** The token service cannot sign: no key, and the root key cannot certify a new one now. */
export class SigningUnavailableError extends Error {
  override name = 'SigningUnavailableError';
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * The token signing keys of one process: a P-256 key generated in memory (never written
 * anywhere), certified by the root key, used for {@link KEY_LIFETIME_SECONDS} and then
 * replaced. Only a renewal calls the root key, so a token request makes no KMS call.
 *
 * When the root key cannot certify a successor, the current key goes on signing while its
 * certificate can still cover a token (up to {@link RENEWAL_GRACE_SECONDS} past its hour),
 * the root key being asked again every {@link RENEWAL_RETRY_SECONDS}; after that, or with
 * no key at all, {@link current} throws {@link SigningUnavailableError}.
 */
export class ShortLivedSigningKeys {
  private key: TokenSigningKey | undefined;
  private renewal: Promise<TokenSigningKey> | undefined;
  private lastFailureAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly root: RootKey,
    /** Logs a failed renewal (never a key). */
    private readonly logger?: Pick<RequestLogger, 'error'>,
  ) {}

  /** The key to sign a token with at `now`, renewed first when its hour is over. */
  async current(now: Date): Promise<TokenSigningKey> {
    const at = seconds(now);
    const key = this.key;
    if (key && at < key.renewAt) return key;
    const mayRetry = at - this.lastFailureAt >= RENEWAL_RETRY_SECONDS;
    if (mayRetry || this.renewal) {
      try {
        return await this.renew(now);
      } catch (error) {
        this.lastFailureAt = at;
        this.logger?.error('registry signing key renewal failed', { error: error as Error });
      }
    }
    if (key && key.signsUntil - at >= MIN_REGISTRY_TOKEN_LIFETIME_SECONDS) return key;
    throw new SigningUnavailableError('No registry token signing key: the root key could not certify one');
  }

  /** One renewal at a time: concurrent requests wait for the same one. */
  private renew(now: Date): Promise<TokenSigningKey> {
    this.renewal ??= this.createKey(now)
      .then((key) => {
        this.key = key;
        return key;
      })
      .finally(() => {
        this.renewal = undefined;
      });
    return this.renewal;
  }

  private async createKey(now: Date): Promise<TokenSigningKey> {
    const created = seconds(now);
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signsUntil = created + KEY_LIFETIME_SECONDS + RENEWAL_GRACE_SECONDS + MAX_REGISTRY_TOKEN_LIFETIME_SECONDS;
    const notAfter = signsUntil + REGISTRY_LEEWAY_SECONDS + CLOCK_AHEAD_MARGIN_SECONDS;
    const der = await issueLeafCertificate(this.root, publicKey, {
      notBefore: new Date((created - CLOCK_BEHIND_MARGIN_SECONDS) * 1000),
      notAfter: new Date(notAfter * 1000),
    });
    // A root key that is not the one the registry trusts (a wrong key id, say) is caught
    // here, once an hour, rather than by every registry refusing every token.
    if (!new X509Certificate(der).verify(this.root.publicKey)) {
      throw new Error("The token key's certificate does not verify with the root's public key");
    }
    const kid = libtrustKeyId(publicKey);
    const x5c = [der.toString('base64')];
    return { privateKey, kid, x5c, encodedHeader: encodeTokenHeader(kid, x5c), signsUntil, renewAt: created + KEY_LIFETIME_SECONDS };
  }
}
