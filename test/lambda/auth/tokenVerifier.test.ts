import { describe, expect, it } from '@jest/globals';
import { base64url, decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier } from '../../../lambda/auth/tokenVerifier.js';
import { ApiError } from '../../../lambda/errors.js';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../../local/iam/tokens.js';
import { createTestTokens } from '../../support/tokens.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const grant = { domain: 'owner', user: 'olivia', namespaces: { demo: 'manage' as const } };

async function expectRefused(promise: Promise<unknown>) {
  await expect(promise).rejects.toBeInstanceOf(ApiError);
  await expect(promise).rejects.toMatchObject({ statusCode: 401, errorCode: 'SVCSTG.SWR.4010000' });
}

/** A token with the right claims, signed by whatever key and header the test chooses. */
function claims() {
  return { sub: 'olivia-id', name: 'olivia', domain_id: 'owner-id', domain_name: 'owner', namespaces: { demo: 'manage' } };
}

describe('token verification', () => {
  it('says who is calling, and until when its token holds', async () => {
    const tokens = await createTestTokens(() => NOW);
    const token = await tokens.sign(grant);
    const caller = await tokens.verifyToken(token);
    expect(caller).toEqual({
      userId: 'olivia-id',
      userName: 'olivia',
      domainId: 'owner-id',
      domainName: 'owner',
      namespaces: { demo: 'manage' },
      expiresAt: decodeJwt(token).exp,
    });
  });

  it('fetches the issuer’s keys from a JWKS URL', async () => {
    const tokens = await createTestTokens(() => NOW);
    let fetched = 0;
    const jwksServer = createServer((_request, response) => {
      fetched += 1;
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(tokens.keys.publicJwks));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = jwksServer.address() as AddressInfo;
      const verifyToken = createTokenVerifier({
        issuer: DEV_ISSUER,
        audience: DEV_AUDIENCE,
        algorithms: ['ES256'],
        keys: { jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json` },
        now: () => NOW,
      });
      expect((await verifyToken(await tokens.sign(grant))).domainName).toBe('owner');
      const stranger = await createTestTokens(() => NOW);
      await expectRefused(verifyToken(await stranger.sign(grant)));
      expect(fetched).toBeGreaterThanOrEqual(1);
    } finally {
      jwksServer.closeAllConnections();
      await new Promise((resolve) => jwksServer.close(resolve));
    }
  });

  it('refuses an expired token', async () => {
    const tokens = await createTestTokens(() => NOW);
    const token = await tokens.sign({ ...grant, now: new Date('2026-06-14T00:00:00Z'), expiresInSeconds: 3600 });
    await expectRefused(tokens.verifyToken(token));
  });

  it('refuses a token of another issuer or audience', async () => {
    const tokens = await createTestTokens(() => NOW);
    await expectRefused(tokens.verifyToken(await tokens.sign({ ...grant, issuer: 'someone-else' })));
    await expectRefused(tokens.verifyToken(await tokens.sign({ ...grant, audience: 'another-service' })));
  });

  it('refuses a token signed by another key', async () => {
    const trusted = await createTestTokens(() => NOW);
    const stranger = await createTestTokens(() => NOW);
    await expectRefused(trusted.verifyToken(await stranger.sign(grant)));
  });

  it('refuses a tampered token', async () => {
    const tokens = await createTestTokens(() => NOW);
    const [header, payload, signature] = (await tokens.sign(grant)).split('.');
    const raised = { ...JSON.parse(new TextDecoder().decode(base64url.decode(payload!))), namespaces: { everything: 'manage' } };
    const forged = `${header}.${base64url.encode(JSON.stringify(raised))}.${signature}`;
    await expectRefused(tokens.verifyToken(forged));
  });

  it('refuses alg none', async () => {
    const tokens = await createTestTokens(() => NOW);
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const exp = Math.floor(NOW.getTime() / 1000) + 3600;
    const payload = base64url.encode(JSON.stringify({ ...claims(), iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp }));
    await expectRefused(tokens.verifyToken(`${header}.${payload}.`));
  });

  it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
    const tokens = await createTestTokens(() => NOW);
    const publicJwk = tokens.keys.publicJwks.keys[0]!;
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid! })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 3600)
      .sign(secret);
    await expectRefused(tokens.verifyToken(token));
  });

  it('refuses an algorithm outside the allow-list even with a trusted key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
    const verifyToken = createTokenVerifier({
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      algorithms: ['ES256'],
      keys: { jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k' }] } },
      now: () => NOW,
    });
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES384', kid: 'k' })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 3600)
      .sign(privateKey);
    await expectRefused(verifyToken(token));
  });

  it.each([
    ['without an expiry', {}, false],
    ['without the account name', { domain_name: undefined }, true],
    ['with an unknown level', { namespaces: { demo: 'owner' } }, true],
    ['with an empty user id', { sub: '' }, true],
  ])('refuses a token %s', async (_what, change, withExpiry) => {
    const tokens = await createTestTokens(() => NOW);
    const key = tokens.keys.privateJwk;
    let jwt = new SignJWT({ ...claims(), ...change })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid! })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE);
    if (withExpiry) jwt = jwt.setExpirationTime(Math.floor(NOW.getTime() / 1000) + 3600);
    await expectRefused(tokens.verifyToken(await jwt.sign(await importJWK(key, 'ES256'))));
  });

  it('will not be configured with a symmetric algorithm', () => {
    expect(() => createTokenVerifier({ issuer: 'i', audience: 'a', algorithms: ['HS256'], keys: { jwks: { keys: [] } } })).toThrow(
      /asymmetric/,
    );
  });
});
