import { LRUCache } from '@aws-lambda-powertools/commons/utils/lru-cache';
import { createHash } from 'node:crypto';
import type { Caller } from '../domain/permissions.js';

/** Enough for the callers one container sees in a token's lifetime; about 1 KiB each. */
export const DEFAULT_TOKEN_CACHE_SIZE = 1000;

/** The lifetime claims of a verified token, in epoch seconds. */
export interface TokenLifetime {
  /** It is not accepted from this second on. */
  exp: number;
  /** It is not accepted before this second. */
  nbf?: number | undefined;
}

interface VerifiedToken {
  caller: Readonly<Caller>;
  lifetime: TokenLifetime;
}

/**
 * The tokens this container has verified, so that a caller's next request skips the
 * signature check (an ECDSA verification is most of what a request costs besides the
 * DynamoDB write). Kept per container, bounded (least recently used first out), and an
 * entry is served only while the token itself is valid (from `nbf`, until `exp`), so the
 * cache never accepts a token that verification would refuse at that moment.
 *
 * The trade-off: a key withdrawn from the issuer's key set stops new tokens at once, but a
 * token already verified here stays accepted until its own expiry — which is no longer
 * than a bearer token is valid anyway, and jose's key-set cache already holds keys a while.
 *
 * Keys are SHA-256 digests of the whole token (header, claims and signature), so any change
 * to a token misses the cache, and the cache holds no token that could be replayed.
 */
export class VerifiedTokenCache {
  private readonly entries: LRUCache<string, VerifiedToken>;

  constructor(maxEntries: number = DEFAULT_TOKEN_CACHE_SIZE) {
    this.entries = new LRUCache({ maxSize: maxEntries });
  }

  /** The caller a token was verified to be, if it was and is valid at `now`. */
  get(token: string, now: Date): Readonly<Caller> | undefined {
    const key = digest(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Whole seconds, compared as jose compares them (no clock tolerance is configured).
    const seconds = Math.floor(now.getTime() / 1000);
    const { exp, nbf } = entry.lifetime;
    if (exp <= seconds) {
      this.entries.remove(key);
      return undefined;
    }
    if (nbf !== undefined && nbf > seconds) return undefined;
    return entry.caller;
  }

  /**
   * Remembers a token that has just passed verification, with the lifetime it states. The
   * caller is shared by every request that presents the token, so it should be frozen.
   */
  remember(token: string, caller: Readonly<Caller>, lifetime: TokenLifetime): void {
    this.entries.add(digest(token), { caller, lifetime: { exp: lifetime.exp, nbf: lifetime.nbf } });
  }

  get size(): number {
    return this.entries.size();
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
