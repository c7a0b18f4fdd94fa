import { describe, expect, it } from '@jest/globals';
import { VerifiedTokenCache } from '../../../lambda/auth/verifiedTokenCache.js';
import type { Caller } from '../../../lambda/domain/permissions.js';

const T = 1_781_000_000; // epoch seconds
const at = (seconds: number) => new Date(seconds * 1000);
const caller = (name: string): Caller =>
  Object.freeze({
    userId: `${name}-id`,
    userName: name,
    domainId: 'owner-id',
    domainName: 'owner',
    namespaces: { demo: 'manage' as const },
  });

describe('the cache of verified tokens', () => {
  it('serves a token until the second of its expiry, and not from then on', () => {
    const cache = new VerifiedTokenCache();
    cache.remember('token-a', caller('olivia'), { exp: T + 60 });
    expect(cache.get('token-a', at(T))).toEqual(caller('olivia'));
    expect(cache.get('token-a', new Date((T + 60) * 1000 - 1))).toEqual(caller('olivia'));
    expect(cache.get('token-a', at(T + 60))).toBeUndefined();
    expect(cache.size).toBe(0); // an expired entry goes at once
  });

  it('does not serve a token before its not-before time', () => {
    const cache = new VerifiedTokenCache();
    cache.remember('token-a', caller('olivia'), { exp: T + 60, nbf: T + 10 });
    expect(cache.get('token-a', at(T + 9))).toBeUndefined();
    expect(cache.get('token-a', at(T + 10))).toEqual(caller('olivia'));
  });

  it('serves only the very same token: any other string misses', () => {
    const cache = new VerifiedTokenCache();
    const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJvbGl2aWEtaWQifQ.c2lnbmF0dXJl';
    cache.remember(token, caller('olivia'), { exp: T + 60 });
    expect(cache.get(`${token.slice(0, -1)}x`, at(T))).toBeUndefined();
    expect(cache.get(`${token}.`, at(T))).toBeUndefined();
    expect(cache.get(token.toUpperCase(), at(T))).toBeUndefined();
    expect(cache.get(token, at(T))).toEqual(caller('olivia'));
  });

  it('keeps at most its size, dropping the least recently used first', () => {
    const cache = new VerifiedTokenCache(2);
    cache.remember('a', caller('a'), { exp: T + 60 });
    cache.remember('b', caller('b'), { exp: T + 60 });
    cache.get('a', at(T)); // a is now the more recently used
    cache.remember('c', caller('c'), { exp: T + 60 });
    expect(cache.size).toBe(2);
    expect(cache.get('b', at(T))).toBeUndefined();
    expect(cache.get('a', at(T))).toEqual(caller('a'));
    expect(cache.get('c', at(T))).toEqual(caller('c'));
  });
});
