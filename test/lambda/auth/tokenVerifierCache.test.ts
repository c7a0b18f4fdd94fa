import { describe, expect, it, jest } from '@jest/globals';

// Counts the signature checks: the real jwtVerify, observed.
const jose = await import('jose');
const jwtVerify = jest.fn(jose.jwtVerify);
jest.unstable_mockModule('jose', () => ({ ...jose, jwtVerify }));
const { createTestTokens } = await import('../../support/tokens.js');
const { createTokenVerifier } = await import('../../../lambda/auth/tokenVerifier.js');
const { DEV_ALGORITHM, DEV_AUDIENCE, DEV_ISSUER } = await import('../../../local/iam/tokens.js');

const NOW = new Date('2026-06-15T12:00:00.000Z');
const grant = { domain: 'owner', user: 'olivia', namespaces: { demo: 'manage' as const } };

describe('token verification with the cache of verified tokens', () => {
  it('checks a signature once, then knows the token until it expires', async () => {
    const clock = { now: NOW };
    const tokens = await createTestTokens(() => clock.now);
    const token = await tokens.sign({ ...grant, expiresInSeconds: 3600 });
    jwtVerify.mockClear();

    const first = await tokens.verifyToken(token);
    const again = await tokens.verifyToken(token);
    expect(again).toEqual(first);
    expect(jwtVerify).toHaveBeenCalledTimes(1);

    clock.now = new Date(NOW.getTime() + 3600 * 1000); // the second of its expiry
    await expect(tokens.verifyToken(token)).rejects.toMatchObject({ statusCode: 401 });
    expect(jwtVerify).toHaveBeenCalledTimes(2);
  });

  it('still checks every other token, such as a tampered copy of a known one', async () => {
    const tokens = await createTestTokens(() => NOW);
    const token = await tokens.sign(grant);
    await tokens.verifyToken(token);
    const [header, payload, signature] = token.split('.');
    const raised = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), namespaces: { everything: 'manage' } };
    const forged = `${header}.${Buffer.from(JSON.stringify(raised)).toString('base64url')}.${signature}`;
    jwtVerify.mockClear();
    await expect(tokens.verifyToken(forged)).rejects.toMatchObject({ statusCode: 401 });
    expect(jwtVerify).toHaveBeenCalledTimes(1);
  });

  it('remembers no refused token', async () => {
    const trusted = await createTestTokens(() => NOW);
    const stranger = await createTestTokens(() => NOW);
    const token = await stranger.sign(grant);
    jwtVerify.mockClear();
    await expect(trusted.verifyToken(token)).rejects.toMatchObject({ statusCode: 401 });
    await expect(trusted.verifyToken(token)).rejects.toMatchObject({ statusCode: 401 });
    expect(jwtVerify).toHaveBeenCalledTimes(2);
  });

  it('hands out a frozen caller, since requests share it', async () => {
    const tokens = await createTestTokens(() => NOW);
    const caller = await tokens.verifyToken(await tokens.sign(grant));
    expect(Object.isFrozen(caller)).toBe(true);
    expect(Object.isFrozen(caller.namespaces)).toBe(true);
  });

  it('checks every request when the cache is turned off', async () => {
    const tokens = await createTestTokens(() => NOW);
    const verifyToken = createTokenVerifier({
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      algorithms: [DEV_ALGORITHM],
      keys: { jwks: tokens.keys.publicJwks },
      now: () => NOW,
      cacheSize: 0,
    });
    const token = await tokens.sign(grant);
    jwtVerify.mockClear();
    await verifyToken(token);
    await verifyToken(token);
    expect(jwtVerify).toHaveBeenCalledTimes(2);
  });
});
