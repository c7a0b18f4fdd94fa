import { describe, expect, it } from '@jest/globals';
import { configFromEnv } from '../../../lambda/runtime/config.js';
import { DEFAULT_TOKEN_CACHE_SIZE } from '../../../lambda/auth/verifiedTokenCache.js';

const env = { TABLE_NAME: 'shares', TOKEN_ISSUER: 'issuer', TOKEN_AUDIENCE: 'audience', TOKEN_JWKS: '{"keys":[]}' };

describe('configuration from the environment', () => {
  it('remembers verified tokens by default, and as many as TOKEN_CACHE_SIZE says', () => {
    expect(configFromEnv(env).token.cacheSize).toBe(DEFAULT_TOKEN_CACHE_SIZE);
    expect(configFromEnv({ ...env, TOKEN_CACHE_SIZE: '0' }).token.cacheSize).toBe(0);
    expect(configFromEnv({ ...env, TOKEN_CACHE_SIZE: '50' }).token.cacheSize).toBe(50);
  });

  it.each(['-1', '2.5', 'many'])('refuses TOKEN_CACHE_SIZE=%s', (value) => {
    expect(() => configFromEnv({ ...env, TOKEN_CACHE_SIZE: value })).toThrow(/TOKEN_CACHE_SIZE/);
  });

  it('still refuses a retention that is not a whole number of days', () => {
    expect(() => configFromEnv({ ...env, SHARE_RETENTION_DAYS: '1.5' })).toThrow(/SHARE_RETENTION_DAYS/);
  });
});
