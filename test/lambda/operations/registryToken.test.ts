import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { issueRootCertificate } from '../../../lambda/registry/rootCertificate.js';
import { decodeProtectedHeader } from 'jose';
import type { PermissionLevel } from '../../../lambda/domain/permissions.js';
import { libtrustKeyId } from '../../../lambda/registry/keyId.js';
import type { TokenRequest } from '../../../local/iam/tokens.js';
import { createTestRootKey, TEST_REGISTRY_ISSUER, TEST_REGISTRY_SERVICE, testRegistrySettings } from '../../support/registrySigner.js';
import { verifyChainedToken } from '../../support/registryTokenChain.js';
import { expectError, NOW, OWNER, PARTNER, sharesPath } from '../../support/fixtures.js';
import { createShare, shareClient } from '../../support/shareClient.js';
import { basicAuthorization as basic } from '../../support/signedCall.js';
import { type ApiAnswer, createTestApi, type TestApi } from '../../support/testApi.js';

const rootKey = createTestRootKey();
let rootCertificate: X509Certificate;
let api: TestApi;

beforeAll(async () => {
  rootCertificate = new X509Certificate(await issueRootCertificate(rootKey, { now: NOW }));
});

beforeEach(async () => {
  api = await createTestApi({ now: NOW, registry: testRegistrySettings(rootKey) });
});
afterEach(() => api.close());

/** `GET /registry/token` as a registry client sends it; `as` signs the caller's API token. */
async function requestToken(scopes: string[], as?: TokenRequest, query: Record<string, string> = {}): Promise<ApiAnswer> {
  const params = new URLSearchParams({ service: TEST_REGISTRY_SERVICE, ...query });
  for (const scope of scopes) params.append('scope', scope);
  const headers = as ? { Authorization: basic(as.domain, await api.tokens.sign(as)) } : undefined;
  return api.call('GET', `/registry/token?${params}`, { ...(headers && { headers }) });
}

/** The token's claims, after checking its chain to the root key and its signature. */
async function claimsOf(answer: ApiAnswer) {
  expect(answer.status).toBe(200);
  return (await verifyChainedToken(answer.body.token, rootCertificate, api.clock.now)).claims;
}

async function accessOf(scopes: string[], as?: TokenRequest) {
  return (await claimsOf(await requestToken(scopes, as))).access;
}

const share = (body: Record<string, unknown> = {}, repository = 'nginx') => createShare(api, body, OWNER, sharesPath(repository));

describe('the token', () => {
  it('is an ES256 JWS carrying its key’s certificate in x5c and the key’s libtrust id as kid, with the registry’s claims', async () => {
    const answer = await requestToken(['repository:demo/nginx:pull'], OWNER);
    const { leaf } = await verifyChainedToken(answer.body.token, rootCertificate, NOW);
    expect(decodeProtectedHeader(answer.body.token)).toEqual({
      typ: 'JWT',
      alg: 'ES256',
      kid: libtrustKeyId(leaf.publicKey),
      x5c: [leaf.raw.toString('base64')],
    });
    expect(libtrustKeyId(leaf.publicKey)).not.toBe(libtrustKeyId(rootKey.publicKey));
    const claims = await claimsOf(answer);
    const issuedAt = NOW.getTime() / 1000;
    expect(claims).toEqual({
      iss: TEST_REGISTRY_ISSUER,
      aud: TEST_REGISTRY_SERVICE,
      // `<account>/<user>`: OWNER's user is named after its account.
      sub: 'owner/owner',
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + 300,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      access: [{ type: 'repository', name: 'demo/nginx', actions: ['pull'] }],
    });
  });

  it('is answered in both spellings clients read, with its lifetime and time of issue', async () => {
    const answer = await requestToken(['repository:demo/nginx:pull'], OWNER);
    expect(answer.body).toEqual({
      token: answer.body.token,
      access_token: answer.body.token,
      expires_in: 300,
      issued_at: NOW.toISOString(),
    });
  });

  it('is never to be cached, nor is a refusal', async () => {
    const answer = await requestToken(['repository:demo/nginx:pull'], OWNER);
    expect(answer.headers).toMatchObject({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    const refused = await api.call('GET', '/registry/token', { headers: { Authorization: basic('x', 'y') } });
    expect(refused.headers).toMatchObject({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  });

  it('never outlives the API token it was obtained with', async () => {
    const answer = await requestToken(['repository:demo/nginx:pull'], { ...OWNER, expiresInSeconds: 42 });
    expect(answer.body.expires_in).toBe(42);
    expect((await claimsOf(answer)).exp).toBe(NOW.getTime() / 1000 + 42);
  });

  it('has whole-second times even when the clock has milliseconds', async () => {
    api.clock.now = new Date('2026-06-15T12:00:00.987Z');
    const claims = await claimsOf(await requestToken([], OWNER));
    for (const claim of ['iat', 'nbf', 'exp']) expect(Number.isInteger(claims[claim])).toBe(true);
  });

  it('has a new jti each time', async () => {
    const first = await claimsOf(await requestToken([], OWNER));
    const second = await claimsOf(await requestToken([], OWNER));
    expect(first.jti).not.toBe(second.jti);
  });
});

describe('credentials', () => {
  it('none: a token granting nothing (clients then report "denied", not a wrong password)', async () => {
    await share();
    const claims = await claimsOf(await requestToken(['repository:demo/nginx:pull']));
    expect(claims.access).toEqual([]);
    expect(claims.sub).toBe('');
  });

  it.each([
    ['a password that is not a token', basic('partner', 'secret')],
    ['no password', `Basic ${Buffer.from('partner').toString('base64')}`],
    ['a bearer token instead of Basic', 'Bearer abc'],
    ['Basic with no credentials', 'Basic'],
  ])('%s: 401 with a Basic challenge, and no token', async (_what, authorization) => {
    const answer = await api.call('GET', `/registry/token?service=${TEST_REGISTRY_SERVICE}&scope=repository:demo/nginx:pull`, {
      headers: { Authorization: authorization },
    });
    expectError(answer, 401, 'SVCSTG.SWR.4010000');
    expect(answer.headers['WWW-Authenticate']).toMatch(/^Basic realm="/);
    expect(answer.rawBody).not.toContain('token"');
  });

  it('an expired API token: 401', async () => {
    const password = await api.tokens.sign({ ...PARTNER, expiresInSeconds: 60 });
    api.clock.now = new Date(NOW.getTime() + 120_000);
    const answer = await api.call('GET', `/registry/token?service=${TEST_REGISTRY_SERVICE}`, {
      headers: { Authorization: basic('partner', password) },
    });
    expectError(answer, 401, 'SVCSTG.SWR.4010000');
  });

  it('the user name is free: the token alone says who calls', async () => {
    const password = await api.tokens.sign(OWNER);
    const answer = await api.call('GET', `/registry/token?service=${TEST_REGISTRY_SERVICE}&scope=repository:demo/nginx:pull`, {
      headers: { Authorization: basic('anything', password) },
    });
    expect((await claimsOf(answer)).access).toEqual([{ type: 'repository', name: 'demo/nginx', actions: ['pull'] }]);
  });

  it('the subject names the account: two accounts’ users of the same name get different subs', async () => {
    const ci = (domain: string) => ({ domain, user: 'ci' });
    const [partners, others] = [await claimsOf(await requestToken([], ci('partner'))), await claimsOf(await requestToken([], ci('other')))];
    expect([partners.sub, others.sub]).toEqual(['partner/ci', 'other/ci']);
  });

  it('login (no scope) with valid credentials: 200 and an empty access list', async () => {
    expect(await accessOf([], PARTNER)).toEqual([]);
  });
});

describe('pull through a share', () => {
  it('is denied before a share, allowed while it is in force, denied after it is revoked', async () => {
    const pull = ['repository:demo/nginx:pull'];
    expect(await accessOf(pull, PARTNER)).toEqual([]);
    await share();
    expect(await accessOf(pull, PARTNER)).toEqual([{ type: 'repository', name: 'demo/nginx', actions: ['pull'] }]);
    expect((await shareClient(api, OWNER).remove('partner')).status).toBe(204);
    expect(await accessOf(pull, PARTNER)).toEqual([]);
  });

  it('matches the account without regard to case', async () => {
    await share({ access_domain: 'PaRtNeR' });
    expect(await accessOf(['repository:demo/nginx:pull'], { domain: 'PARTNER' })).toHaveLength(1);
  });

  it('never grants push or delete, even when asked with *', async () => {
    await share();
    expect(await accessOf(['repository:demo/nginx:pull,push', 'repository:demo/nginx:*'], PARTNER)).toEqual([
      { type: 'repository', name: 'demo/nginx', actions: ['pull'] },
    ]);
  });

  it('opens the shared repository only', async () => {
    await share();
    expect(await accessOf(['repository:demo/other:pull', 'repository:demo/nginx-dev:pull'], PARTNER)).toEqual([]);
  });

  it('works for repositories with a / in their name (group$app in the API is demo/group/app)', async () => {
    await share({}, 'group$app');
    expect(await accessOf(['repository:demo/group/app:pull', 'repository:demo/group:pull'], PARTNER)).toEqual([
      { type: 'repository', name: 'demo/group/app', actions: ['pull'] },
    ]);
  });

  it('does not open the repository to another account', async () => {
    await share();
    expect(await accessOf(['repository:demo/nginx:pull'], { domain: 'stranger' })).toEqual([]);
  });

  it('stops when the deadline day is over, and the token never outlives it', async () => {
    await share({ deadline: '2026-06-15' });
    api.clock.now = new Date('2026-06-15T23:58:20Z');
    const answer = await requestToken(['repository:demo/nginx:pull'], PARTNER);
    const claims = await claimsOf(answer);
    expect(claims.access).toHaveLength(1);
    expect(claims.exp).toBe(Date.parse('2026-06-16T00:00:00Z') / 1000);
    expect(answer.body.expires_in).toBe(100);

    api.clock.now = new Date('2026-06-16T00:00:00Z');
    expect(await accessOf(['repository:demo/nginx:pull'], PARTNER)).toEqual([]);
  });

  it('follows a changed deadline', async () => {
    await share({ deadline: '2026-06-15' });
    const update = await shareClient(api, OWNER).update('partner', { permit: 'read', deadline: 'forever' });
    expect(update.status).toBe(201);
    api.clock.now = new Date('2026-07-01T00:00:00Z');
    expect(await accessOf(['repository:demo/nginx:pull'], PARTNER)).toHaveLength(1);
  });
});

describe('namespace levels', () => {
  const member = (level: PermissionLevel): TokenRequest => ({ domain: 'owner', user: `${level}-member`, namespaces: { demo: level } });

  it.each([
    ['read', ['pull']],
    ['write', ['pull', 'push']],
    ['manage', ['pull', 'push', 'delete']],
  ] as const)('%s on the namespace grants %j, without any share', async (level, actions) => {
    expect(await accessOf(['repository:demo/nginx:pull,push,delete'], member(level))).toEqual([
      { type: 'repository', name: 'demo/nginx', actions },
    ]);
  });

  it('apply to their own namespace only', async () => {
    expect(await accessOf(['repository:other/nginx:pull'], member('manage'))).toEqual([]);
  });
});

describe('several scopes', () => {
  it('are decided each on its own: a cross-repository mount gets push on one, pull on the other', async () => {
    await share();
    const partnerWithOwnNamespace = { ...PARTNER, namespaces: { mine: 'write' as const } };
    expect(
      await accessOf(
        ['repository:mine/nginx:pull,push', 'repository:demo/nginx:pull', 'repository:demo/other:pull'],
        partnerWithOwnNamespace,
      ),
    ).toEqual([
      { type: 'repository', name: 'mine/nginx', actions: ['pull', 'push'] },
      { type: 'repository', name: 'demo/nginx', actions: ['pull'] },
    ]);
  });

  it('naming one repository twice are merged (clients retry with the challenge scope added)', async () => {
    await share();
    expect(await accessOf(['repository:demo/nginx:pull', 'repository:demo/nginx:pull'], PARTNER)).toEqual([
      { type: 'repository', name: 'demo/nginx', actions: ['pull'] },
    ]);
  });

  it('grant nothing for the catalog, other types, or names that cannot be SWR images', async () => {
    const manager = { domain: 'owner', namespaces: { demo: 'manage' as const } };
    expect(
      await accessOf(
        ['registry:catalog:*', 'repository(plugin):demo/nginx:pull', 'repository:nginx:pull', 'repository:demo/UPPER:pull'],
        manager,
      ),
    ).toEqual([]);
  });
});

describe('bad requests', () => {
  it('an unknown service: 400, saying which one this service serves', async () => {
    const answer = await requestToken([], OWNER, { service: 'another-registry' });
    expectError(answer, 400, 'SVCSTG.SWR.4000014');
    expect(answer.body.errorMessage).toContain(TEST_REGISTRY_SERVICE);
  });

  it('no service: 400', async () => {
    expectError(await api.call('GET', '/registry/token'), 400, 'SVCSTG.SWR.4001014');
    expectError(await api.call('GET', '/registry/token?scope=repository:demo/nginx:pull'), 400, 'SVCSTG.SWR.4001014');
  });

  it('a malformed scope: 400', async () => {
    expectError(await requestToken(['nonsense'], OWNER), 400, 'SVCSTG.SWR.4000014');
  });

  it('more than 32 scopes: 400', async () => {
    const scopes = Array.from({ length: 33 }, (_, i) => `repository:demo/r${i}:pull`);
    expectError(await requestToken(scopes, OWNER), 400, 'SVCSTG.SWR.4000014');
  });

  it('bad credentials are refused before the query is looked at', async () => {
    const answer = await api.call('GET', '/registry/token', { headers: { Authorization: basic('x', 'y') } });
    expectError(answer, 401, 'SVCSTG.SWR.4010000');
  });
});

describe('failures that are not the caller’s', () => {
  it('a store that fails answers a generic 500 that reveals nothing', async () => {
    const password = await api.tokens.sign(PARTNER);
    await api.store.close(); // the store is gone: the share lookup fails
    const answer = await api.call('GET', `/registry/token?service=${TEST_REGISTRY_SERVICE}&scope=repository:demo/nginx:pull`, {
      headers: { Authorization: basic('partner', password) },
    });
    expectError(answer, 500, 'SVCSTG.SWR.5000092');
    expect(answer.rawBody).not.toMatch(/shares-|Exception|at |ECONNREFUSED|dynamo|token"/i);
    api = await createTestApi({ now: NOW, registry: testRegistrySettings(rootKey) }); // for afterEach
  });

  it('a root key that cannot certify a first signing key answers a 503 that reveals nothing, to be retried', async () => {
    const failing = { publicKey: rootKey.publicKey, sign: async () => Promise.reject(new Error('KMS throttled: AccessDeniedException')) };
    const broken = await createTestApi({ now: NOW, registry: testRegistrySettings(failing) });
    try {
      const password = await broken.tokens.sign(OWNER);
      const answer = await broken.call('GET', `/registry/token?service=${TEST_REGISTRY_SERVICE}`, {
        headers: { Authorization: basic('owner', password) },
      });
      expectError(answer, 503, 'SVCSTG.SWR.5000092');
      expect(answer.headers['Retry-After']).toBe('10');
      expect(answer.rawBody).not.toMatch(/KMS|AccessDenied/);
    } finally {
      await broken.close();
    }
  });
});

describe('request log', () => {
  it('writes one line per token request saying who was granted what, and never the password or the token issued', async () => {
    const lines: Record<string, unknown>[] = [];
    const record = (message: string, attributes: Record<string, unknown>) => lines.push({ message, ...attributes });
    const logged = await createTestApi({
      now: NOW,
      logger: { info: record, error: record } as never,
      registry: testRegistrySettings(rootKey),
    });
    try {
      const password = await logged.tokens.sign(OWNER);
      const answer = await logged.call('GET', `/registry/token?service=${TEST_REGISTRY_SERVICE}&scope=repository:demo/nginx:pull`, {
        headers: { Authorization: basic('owner', password) },
      });
      expect(lines).toEqual([
        expect.objectContaining({
          operation: 'issueRegistryToken',
          status: 200,
          account: 'owner',
          user: 'owner',
          granted: ['repository:demo/nginx:pull'],
        }),
      ]);
      const everything = JSON.stringify(lines);
      expect(everything).not.toContain(password);
      expect(everything).not.toContain(answer.body.token);
    } finally {
      await logged.close();
    }
  });
});
