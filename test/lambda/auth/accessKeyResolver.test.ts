import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { AesGcmSecretSealer } from '../../../local/accessKeys/AesGcmSecretSealer.js';
import { ACCESS_KEY_CACHE_MS, createAccessKeyResolver } from '../../../lambda/auth/accessKeyResolver.js';
import type { AccessKey } from '../../../lambda/domain/accessKey.js';

const AK = 'AK000000000000000001';
const SK = 'secret0123456789secret0123456789secret01';
const caller = {
  userId: 'olivia-id',
  userName: 'olivia',
  domainId: 'owner-id',
  domainName: 'owner',
  namespaces: { demo: 'manage' as const },
};

async function setUp() {
  const sealer = new AesGcmSecretSealer(randomBytes(32));
  const stored = new Map<string, AccessKey>();
  stored.set(AK, { accessKey: AK, sealedSecret: await sealer.seal(AK, SK), status: 'active', caller, description: '', created: '' });
  let reads = 0;
  const store = {
    async getAccessKey(accessKey: string) {
      reads++;
      return stored.get(accessKey);
    },
  };
  const clock = { now: new Date('2026-06-15T12:00:00Z') };
  const resolve = createAccessKeyResolver({ store, sealer, now: () => clock.now });
  const later = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };
  return { stored, resolve, later, reads: () => reads };
}

describe('the access key resolver', () => {
  it("gives an active key's caller and opened secret, and reads it once a minute at most", async () => {
    const { resolve, reads, later } = await setUp();
    expect(await resolve(AK)).toEqual({ caller, secretKey: SK });
    expect(await resolve(AK)).toEqual({ caller, secretKey: SK });
    expect(reads()).toBe(1);
    later(ACCESS_KEY_CACHE_MS);
    await resolve(AK);
    expect(reads()).toBe(2);
  });

  it('stops a disabled or deleted key within the cache time (60 s)', async () => {
    const { stored, resolve, later } = await setUp();
    await resolve(AK);
    stored.set(AK, { ...stored.get(AK)!, status: 'inactive' });
    later(ACCESS_KEY_CACHE_MS - 1);
    expect(await resolve(AK)).toEqual({ caller, secretKey: SK });
    later(1);
    expect(await resolve(AK)).toEqual({ refused: 'access key disabled' });
    stored.delete(AK);
    later(ACCESS_KEY_CACHE_MS);
    expect(await resolve(AK)).toEqual({ refused: 'unknown access key' });
  });

  it('does not remember an unknown key, so a new key works at once', async () => {
    const { stored, resolve } = await setUp();
    const other = 'AK000000000000000002';
    expect(await resolve(other)).toEqual({ refused: 'unknown access key' });
    stored.set(other, { ...stored.get(AK)!, accessKey: other, sealedSecret: stored.get(AK)!.sealedSecret });
    // Sealed for AK, so it must not open for the other id: a copied secret is refused.
    await expect(resolve(other)).rejects.toThrow('Unsupported state or unable to authenticate data');
  });
});
