import { LRUCache } from '@aws-lambda-powertools/commons/utils/lru-cache';
import { isAsciiAccountName } from '../domain/names.js';
import type { Caller } from '../domain/permissions.js';
import type { AccessKey } from '../domain/accessKey.js';
import type { AccessKeyReader } from '../store/AccessKeyStore.js';
import type { SecretSealer } from './SecretSealer.js';

/**
 * How long a container reuses a key it has read and opened: 60 s. This bounds how long a
 * disabled or deleted key keeps working in a warm container, and spares the store and KMS
 * a call per signed request (KMS Decrypt is a priced network round trip).
 */
export const ACCESS_KEY_CACHE_MS = 60_000;
/** Keys one container remembers, least recently used first out. */
const ACCESS_KEY_CACHE_SIZE = 1000;

/** An active key: who it stands for and its opened secret. */
export interface ActiveAccessKey {
  caller: Readonly<Caller>;
  secretKey: string;
}

/** Why an access key was refused: said in the log and counted, never told the caller. */
export const ACCESS_KEY_REFUSAL_REASONS = ['unknown access key', 'access key disabled', 'non-ASCII account name'] as const;

export type AccessKeyRefusalReason = (typeof ACCESS_KEY_REFUSAL_REASONS)[number];

/** A key that cannot be used, and why (for the log and the AuthFailures metric only). */
export interface RefusedAccessKey {
  refused: AccessKeyRefusalReason;
}

/** The active key with that id, or why there is none. */
export type AccessKeyResolver = (accessKey: string) => Promise<ActiveAccessKey | RefusedAccessKey>;

interface CachedKey {
  key: ActiveAccessKey | RefusedAccessKey;
  readAt: number;
}

export interface AccessKeyResolverDeps {
  store: AccessKeyReader;
  sealer: SecretSealer;
  now: () => Date;
  cacheMs?: number;
}

/**
 * Reads a key and opens its secret, remembering the outcome for {@link ACCESS_KEY_CACHE_MS}:
 * active keys and disabled ones alike (so a disabled key cannot cost a read each time). An
 * unknown id is not remembered, so a key works the moment it is created.
 */
export function createAccessKeyResolver(deps: AccessKeyResolverDeps): AccessKeyResolver {
  const cacheMs = deps.cacheMs ?? ACCESS_KEY_CACHE_MS;
  const cache = new LRUCache<string, CachedKey>({ maxSize: ACCESS_KEY_CACHE_SIZE });

  async function openKey(accessKey: string, stored: AccessKey): Promise<CachedKey['key']> {
    if (stored.status !== 'active') return { refused: 'access key disabled' };
    // Keys are made from verified tokens, which are refused such an account; this refuses a
    // key stored before they were.
    if (!isAsciiAccountName(stored.caller.domainName)) return { refused: 'non-ASCII account name' };
    const caller = Object.freeze({ ...stored.caller, namespaces: Object.freeze({ ...stored.caller.namespaces }) });
    return { caller, secretKey: await deps.sealer.open(accessKey, stored.sealedSecret) };
  }

  return async function resolveAccessKey(accessKey) {
    const now = deps.now().getTime();
    const cached = cache.get(accessKey);
    if (cached && now - cached.readAt < cacheMs) return cached.key;
    const stored = await deps.store.getAccessKey(accessKey);
    if (!stored) {
      cache.remove(accessKey);
      return { refused: 'unknown access key' };
    }
    const key = await openKey(accessKey, stored);
    if (cacheMs > 0) cache.add(accessKey, { key, readAt: now });
    return key;
  };
}
