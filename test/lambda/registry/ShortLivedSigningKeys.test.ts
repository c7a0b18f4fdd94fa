import { describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { CLOCK_BEHIND_MARGIN_SECONDS, MIN_REGISTRY_TOKEN_LIFETIME_SECONDS } from '../../../lambda/registry/defaults.js';
import type { RootKey } from '../../../lambda/registry/RootKey.js';
import {
  CLOCK_AHEAD_MARGIN_SECONDS,
  KEY_LIFETIME_SECONDS,
  REGISTRY_LEEWAY_SECONDS,
  RENEWAL_GRACE_SECONDS,
  RENEWAL_RETRY_SECONDS,
  ShortLivedSigningKeys,
  SigningUnavailableError,
} from '../../../lambda/registry/ShortLivedSigningKeys.js';
import type { TokenSigningKey } from '../../../lambda/registry/registryToken.js';
import { createTestRootKey } from '../../support/registrySigner.js';

const START = new Date('2026-06-15T12:00:00.000Z');
const START_SECONDS = START.getTime() / 1000;
const later = (seconds: number) => new Date(START.getTime() + seconds * 1000);

/** A root key that counts its signatures and can be made to fail, as KMS may. */
function countingRoot() {
  const root = createTestRootKey();
  const state = { calls: 0, failing: false };
  const counted: RootKey = {
    publicKey: root.publicKey,
    sign: async (data) => {
      state.calls += 1;
      if (state.failing) throw new Error('KMS unreachable');
      return root.sign(data);
    },
  };
  return { root: counted, state };
}

function recordingLogger() {
  const errors: string[] = [];
  return { errors, logger: { error: (message: string) => void errors.push(message) } as never };
}

const certificateOf = (key: TokenSigningKey) => new X509Certificate(Buffer.from(key.x5c[0]!, 'base64'));

describe('short-lived signing keys', () => {
  it('make one root signature for the first key, then none for 10,000 tokens within its hour', async () => {
    const { root, state } = countingRoot();
    const keys = new ShortLivedSigningKeys(root);
    const first = await keys.current(START);
    for (let i = 0; i < 10_000; i += 1) expect(await keys.current(later((i * (KEY_LIFETIME_SECONDS - 1)) / 10_000))).toBe(first);
    expect(state.calls).toBe(1);
  });

  it('make one key for requests that arrive together at a cold start', async () => {
    const { root, state } = countingRoot();
    const keys = new ShortLivedSigningKeys(root);
    const got = await Promise.all(Array.from({ length: 50 }, () => keys.current(START)));
    expect(new Set(got).size).toBe(1);
    expect(state.calls).toBe(1);
  });

  it('are renewed when the hour is over, long before the certificate ends, with one root signature', async () => {
    const { root, state } = countingRoot();
    const keys = new ShortLivedSigningKeys(root);
    const first = await keys.current(START);
    expect(await keys.current(later(KEY_LIFETIME_SECONDS - 1))).toBe(first);
    const renewed = await Promise.all(Array.from({ length: 20 }, () => keys.current(later(KEY_LIFETIME_SECONDS))));
    expect(new Set(renewed).size).toBe(1);
    expect(renewed[0]).not.toBe(first);
    expect(renewed[0]!.kid).not.toBe(first.kid);
    expect(state.calls).toBe(2);
    expect(new Date(certificateOf(first).validTo).getTime() / 1000).toBeGreaterThan(START_SECONDS + KEY_LIFETIME_SECONDS);
  });

  it('have certificates that start before they are made and outlast every token they sign by the leeway and a margin', async () => {
    const keys = new ShortLivedSigningKeys(countingRoot().root);
    const key = await keys.current(START);
    const certificate = certificateOf(key);
    expect(new Date(certificate.validFrom).getTime() / 1000).toBe(START_SECONDS - CLOCK_BEHIND_MARGIN_SECONDS);
    expect(new Date(certificate.validTo).getTime() / 1000).toBe(key.signsUntil + REGISTRY_LEEWAY_SECONDS + CLOCK_AHEAD_MARGIN_SECONDS);
    // A token of the longest lifetime signed at the last moment before renewal still ends in time.
    expect(key.signsUntil).toBeGreaterThanOrEqual(key.renewAt + 300);
  });

  it('keep signing with the current key while the root key cannot renew it, asking it again every few seconds', async () => {
    const { root, state } = countingRoot();
    const { errors, logger } = recordingLogger();
    const keys = new ShortLivedSigningKeys(root, logger);
    const first = await keys.current(START);
    state.failing = true;
    expect(await keys.current(later(KEY_LIFETIME_SECONDS))).toBe(first);
    expect(state.calls).toBe(2);
    expect(errors).toEqual(['registry signing key renewal failed']);
    // Within the retry interval the root key is not asked again.
    expect(await keys.current(later(KEY_LIFETIME_SECONDS + RENEWAL_RETRY_SECONDS - 1))).toBe(first);
    expect(state.calls).toBe(2);
    expect(await keys.current(later(KEY_LIFETIME_SECONDS + RENEWAL_RETRY_SECONDS))).toBe(first);
    expect(state.calls).toBe(3);
    // Once the root key answers again, the next try renews.
    state.failing = false;
    const renewed = await keys.current(later(KEY_LIFETIME_SECONDS + 2 * RENEWAL_RETRY_SECONDS));
    expect(renewed).not.toBe(first);
    expect(state.calls).toBe(4);
  });

  it('stop signing once the current certificate cannot cover a token, and heal when the root key answers', async () => {
    const { root, state } = countingRoot();
    const keys = new ShortLivedSigningKeys(root);
    const first = await keys.current(START);
    state.failing = true;
    const lastUsable = first.signsUntil - MIN_REGISTRY_TOKEN_LIFETIME_SECONDS;
    expect(lastUsable - START_SECONDS).toBe(KEY_LIFETIME_SECONDS + RENEWAL_GRACE_SECONDS + 300 - MIN_REGISTRY_TOKEN_LIFETIME_SECONDS);
    expect(await keys.current(later(lastUsable - START_SECONDS))).toBe(first);
    await expect(keys.current(later(lastUsable - START_SECONDS + RENEWAL_RETRY_SECONDS + 1))).rejects.toThrow(SigningUnavailableError);
    state.failing = false;
    const healed = await keys.current(later(lastUsable - START_SECONDS + 2 * RENEWAL_RETRY_SECONDS + 2));
    expect(healed).not.toBe(first);
  });

  it('refuse to sign at a cold start when the root key cannot certify a first key, and try again after the interval', async () => {
    const { root, state } = countingRoot();
    state.failing = true;
    const keys = new ShortLivedSigningKeys(root);
    await expect(keys.current(START)).rejects.toThrow(SigningUnavailableError);
    await expect(keys.current(later(1))).rejects.toThrow(SigningUnavailableError);
    expect(state.calls).toBe(1);
    state.failing = false;
    await expect(keys.current(later(RENEWAL_RETRY_SECONDS))).resolves.toMatchObject({ kid: expect.any(String) });
  });

  it('refuse a certificate the root’s public key does not verify (a root key that is not the one registries trust)', async () => {
    const signing = createTestRootKey();
    const mismatched: RootKey = { publicKey: createTestRootKey().publicKey, sign: signing.sign };
    const { errors, logger } = recordingLogger();
    await expect(new ShortLivedSigningKeys(mismatched, logger).current(START)).rejects.toThrow(SigningUnavailableError);
    expect(errors).toHaveLength(1);
  });
});
