import { afterEach, describe, expect, it } from '@jest/globals';
import type { SecretSealer } from '../../../lambda/auth/SecretSealer.js';
import { countRootKeyErrors } from '../../../lambda/metrics/kmsErrorMetrics.js';
import type { Operation } from '../../../lambda/operations/catalog.js';
import type { RequestLogger } from '../../../lambda/RequestLogger.js';
import { ShortLivedSigningKeys } from '../../../lambda/registry/ShortLivedSigningKeys.js';
import type { TokenRequest } from '../../../local/iam/tokens.js';
import { type MetricsRecorder, recordingMetrics } from '../../support/emfRecorder.js';
import { NOW, OWNER, PARTNER, SHARES, shareBody } from '../../support/fixtures.js';
import { createTestRootKey, TEST_REGISTRY_SERVICE, testRegistrySettings } from '../../support/registrySigner.js';
import { createShare, shareClient } from '../../support/shareClient.js';
import { basicAuthorization, FORM, type KeyPair, passwordGrant, signedCall } from '../../support/signedCall.js';
import { injectStoreFaults } from '../../support/storeFaults.js';
import { type ApiAnswer, createTestApi, type TestApi } from '../../support/testApi.js';

/**
 * The metrics each operation emits (docs/operating.md), read
 * back from the EMF lines the production code writes, for a success and for each way a
 * request fails.
 */

const CREDENTIALS = '/v3.0/OS-CREDENTIAL/credentials';
const OLIVIA: TokenRequest = { ...OWNER, user: 'olivia' };

let api: TestApi;
afterEach(() => api?.close());

async function start(options: Parameters<typeof createTestApi>[0] = {}): Promise<TestApi> {
  api = await createTestApi({ now: NOW, registry: testRegistrySettings(), ...options });
  return api;
}

/** What one request emitted: every metric by name, its dimensions and value (Latency's value left out). */
async function emittedBy(
  request: () => Promise<ApiAnswer>,
  emf: MetricsRecorder = api.emf,
): Promise<{ answer: ApiAnswer; metrics: [string, Record<string, string>, number?][] }> {
  emf.clear();
  const answer = await request();
  const metrics = emf
    .emitted()
    .map(({ name, dimensions, value }): [string, Record<string, string>, number?] =>
      name === 'Latency' ? [name, dimensions] : [name, dimensions, value],
    );
  return { answer, metrics };
}

const requests = (operation: Operation, statusClass: string): [string, Record<string, string>, number?][] => [
  ['Requests', { Operation: operation, StatusClass: statusClass }, 1],
  ['Latency', { Operation: operation }],
];

async function createKey(as: TokenRequest = OLIVIA): Promise<KeyPair> {
  const created = await api.call('POST', CREDENTIALS, {
    token: await api.tokens.sign(as),
    body: { credential: { user_id: `${as.user}-id` } },
  });
  expect(created.status).toBe(201);
  return created.body.credential as KeyPair;
}

const tokenRequest = async (scope: string, as?: TokenRequest) =>
  api.call('GET', `/registry/token?service=${TEST_REGISTRY_SERVICE}&scope=${scope}`, {
    ...(as && { headers: { Authorization: basicAuthorization(as.domain, await api.tokens.sign(as)) } }),
  });

describe('every operation, on success', () => {
  it('counts the request once by operation and 2xx, times it, and counts what it changed', async () => {
    await start();
    const owner = shareClient(api, OWNER);
    const expectations: [Operation, () => Promise<ApiAnswer>, [string, Record<string, string>, number?][]][] = [
      ['createShare', () => owner.create(shareBody()), [['SharesCreated', {}, 1]]],
      ['listShares', () => owner.list(), []],
      ['showShare', () => owner.show('partner'), []],
      ['updateShare', () => owner.update('partner', { permit: 'read', deadline: '2099-12-31' }), [['SharesUpdated', {}, 1]]],
      [
        'listSharedRepositories',
        async () => api.call('GET', '/v2/manage/shared-repositories?center=self', { token: await api.tokens.sign(OWNER) }),
        [],
      ],
      ['issueRegistryToken', () => tokenRequest('repository:demo/nginx:pull', OWNER), [['TokenDecisions', { Decision: 'granted' }, 1]]],
      [
        'issueRegistryTokenOAuth2',
        async () => passwordGrant(api, 'partner', await api.tokens.sign(PARTNER), 'repository:demo/nginx:pull'),
        [['TokenDecisions', { Decision: 'granted' }, 1]],
      ],
      ['deleteShare', () => owner.remove('partner'), [['SharesRevoked', {}, 1]]],
      [
        'createCredential',
        async () => api.call('POST', CREDENTIALS, { token: await api.tokens.sign(OLIVIA), body: { credential: { user_id: 'olivia-id' } } }),
        [],
      ],
      ['listCredentials', async () => api.call('GET', CREDENTIALS, { token: await api.tokens.sign(OLIVIA) }), []],
    ];
    for (const [operation, request, more] of expectations) {
      const { answer, metrics } = await emittedBy(request);
      expect({ operation, status: answer.status < 300 }).toEqual({ operation, status: true });
      expect(metrics).toEqual([...more, ...requests(operation, '2xx')]);
    }
    const key = await createKey();
    const token = await api.tokens.sign(OLIVIA);
    const updated = await emittedBy(() =>
      api.call('PUT', `${CREDENTIALS}/${key.access}`, { token, body: { credential: { status: 'inactive' } } }),
    );
    expect(updated.metrics).toEqual(requests('updateCredential', '2xx'));
    const deleted = await emittedBy(() => api.call('DELETE', `${CREDENTIALS}/${key.access}`, { token }));
    expect(deleted.metrics).toEqual(requests('deleteCredential', '2xx'));
  });

  it('counts the Latency in milliseconds, as long as the request took at most', async () => {
    await start();
    const started = performance.now();
    await createShare(api);
    const elapsed = performance.now() - started;
    const [latency] = api.emf.emitted().filter(({ name }) => name === 'Latency');
    expect(latency).toMatchObject({ unit: 'Milliseconds', dimensions: { Operation: 'createShare' } });
    expect(latency!.value).toBeGreaterThan(0);
    expect(latency!.value).toBeLessThanOrEqual(elapsed + 1);
  });
});

describe('a request refused by its caller’s fault (4xx)', () => {
  it('counts the request as 4xx and no change: invalid, forbidden, absent, already there', async () => {
    await start();
    const owner = shareClient(api, OWNER);
    await createShare(api);
    const cases: [Operation, () => Promise<ApiAnswer>][] = [
      ['createShare', () => owner.create(shareBody({ permit: 'READ' }))],
      ['createShare', () => shareClient(api, PARTNER).create(shareBody({ access_domain: 'third' }))],
      ['createShare', () => owner.create(shareBody())],
      ['updateShare', () => owner.update('nobody', { permit: 'read', deadline: 'forever' })],
      ['deleteShare', () => owner.remove('nobody')],
      ['issueRegistryTokenOAuth2', () => api.call('POST', '/registry/token', { headers: FORM, body: 'grant_type=refresh_token' })],
    ];
    for (const [operation, request] of cases) {
      const { answer, metrics } = await emittedBy(request);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(metrics).toEqual(requests(operation, '4xx'));
    }
  });
});

describe('AuthFailures', () => {
  /** The reasons the refusals logged, in order. */
  function loggedReasons(lines: { message: string; fields: Record<string, unknown> }[]) {
    return lines.filter(({ message }) => message.endsWith(' refused')).map(({ fields }) => fields.reason as string);
  }

  it('counts each refused credential by the reason its log line gives, with the 401', async () => {
    const logged: { message: string; fields: Record<string, unknown> }[] = [];
    const logger: RequestLogger = {
      info: ((message: string, fields: Record<string, unknown>) => logged.push({ message, fields })) as RequestLogger['info'],
      error: (() => undefined) as RequestLogger['error'],
    };
    await start({ logger });
    const key = await createKey();
    const otherKeys = await createTestApi({ now: NOW });
    const stranger = await otherKeys.tokens.sign(OWNER);
    await otherKeys.close();
    const expired = await api.tokens.sign({ ...OWNER, expiresInSeconds: 60 });
    const later = new Date(NOW.getTime() + 3_600_000);

    const cases: [string, Operation, () => Promise<ApiAnswer>, string][] = [
      ['no token', 'listShares', () => api.call('GET', SHARES), 'missing token'],
      ['a malformed token', 'listShares', () => api.call('GET', SHARES, { token: 'not-a-jwt' }), 'malformed token'],
      ['a token of another issuer’s key', 'listShares', () => api.call('GET', SHARES, { token: stranger }), 'unknown signing key'],
      [
        'an expired token',
        'listShares',
        async () => {
          api.clock.now = later;
          try {
            return await api.call('GET', SHARES, { token: expired });
          } finally {
            api.clock.now = NOW;
          }
        },
        'expired',
      ],
      [
        'an unknown access key',
        'listShares',
        () => signedCall(api, 'GET', SHARES, { access: 'ABCDEFGHIJ0123456789', secret: key.secret }),
        'unknown access key',
      ],
      [
        'a wrong secret',
        'listShares',
        () => signedCall(api, 'GET', SHARES, { access: key.access, secret: `${key.secret.slice(1)}x` }),
        'signature mismatch',
      ],
      [
        'a stale signature',
        'listShares',
        () => signedCall(api, 'GET', SHARES, key, { date: new Date(NOW.getTime() - 3_600_000) }),
        'X-Sdk-Date out of the 15 minute window',
      ],
      ['an unsigned host', 'listShares', () => signedCall(api, 'GET', SHARES, key, { signedHeaders: ['x-sdk-date'] }), 'header not signed'],
      [
        'a malformed Authorization',
        'listShares',
        () => api.call('GET', SHARES, { headers: { Authorization: 'SDK-HMAC-SHA256 nonsense' } }),
        'malformed Authorization header',
      ],
      [
        'a wrong registry password',
        'issueRegistryToken',
        () =>
          api.call('GET', `/registry/token?service=${TEST_REGISTRY_SERVICE}`, {
            headers: { Authorization: basicAuthorization('owner', 'not-a-token') },
          }),
        'malformed token',
      ],
      [
        'a wrong login key',
        'issueRegistryToken',
        () =>
          api.call('GET', `/registry/token?service=${TEST_REGISTRY_SERVICE}`, {
            headers: { Authorization: basicAuthorization(`cn-north-4@${key.access}`, 'wrong') },
          }),
        'wrong login key',
      ],
    ];
    for (const [what, operation, request, reason] of cases) {
      logged.splice(0);
      const { answer, metrics } = await emittedBy(request);
      expect({ what, status: answer.status }).toEqual({ what, status: 401 });
      expect({ what, metrics }).toEqual({ what, metrics: [['AuthFailures', { Reason: reason }, 1], ...requests(operation, '4xx')] });
      expect({ what, logged: loggedReasons(logged) }).toEqual({ what, logged: [reason] });
    }

    // The OAuth2 form answers a refused password 400 invalid_grant, and counts it the same.
    logged.splice(0);
    const oauth2 = await emittedBy(() => passwordGrant(api, 'owner', 'nope'));
    expect(oauth2.answer.body.error).toBe('invalid_grant');
    expect(oauth2.metrics).toEqual([['AuthFailures', { Reason: 'malformed token' }, 1], ...requests('issueRegistryTokenOAuth2', '4xx')]);
    expect(loggedReasons(logged)).toEqual(['malformed token']);
  });

  it('counts nothing for an anonymous registry client: it is answered a token granting nothing', async () => {
    await start();
    const { answer, metrics } = await emittedBy(() => tokenRequest('repository:demo/nginx:pull'));
    expect(answer.status).toBe(200);
    expect(metrics).toEqual([['TokenDecisions', { Decision: 'anonymous' }, 1], ...requests('issueRegistryToken', '2xx')]);
  });
});

describe('TokenDecisions', () => {
  it('counts one decision per repository asked for, with why it was not granted', async () => {
    await start();
    await createShare(api, { access_domain: 'partner' });
    await createShare(api, { access_domain: 'partner', deadline: '2026-06-30' }, OWNER, SHARES.replace('nginx', 'soon-over'));
    const reader: TokenRequest = { domain: 'reader', namespaces: { demo: 'read' } };
    const cases: [string, string[], TokenRequest | undefined, Record<string, number>][] = [
      ['the owner', ['repository:demo/nginx:pull,push,delete'], OWNER, { granted: 1 }],
      ['a partner pulling through a share', ['repository:demo/nginx:pull'], PARTNER, { granted: 1 }],
      ['a partner pushing where it may only pull', ['repository:demo/nginx:pull,push'], PARTNER, { level_too_low: 1 }],
      ['a reader pushing', ['repository:demo/nginx:push'], reader, { level_too_low: 1 }],
      ['a partner without a share', ['repository:demo/other:pull'], PARTNER, { no_share: 1 }],
      ['anyone, anonymously', ['repository:demo/nginx:pull', 'repository:demo/other:pull'], undefined, { anonymous: 2 }],
      [
        'three at once',
        ['repository:demo/nginx:pull', 'repository:demo/other:pull', 'repository:demo/third:pull'],
        PARTNER,
        { granted: 1, no_share: 2 },
      ],
      ['nothing a registry knows', ['registry:catalog:*', 'repository:demo/nginx:dance'], PARTNER, {}],
    ];
    for (const [who, scopes, as, decisions] of cases) {
      const query = new URLSearchParams({ service: TEST_REGISTRY_SERVICE });
      for (const scope of scopes) query.append('scope', scope);
      const { answer, metrics } = await emittedBy(async () =>
        api.call('GET', `/registry/token?${query}`, {
          ...(as && { headers: { Authorization: basicAuthorization(as.domain, await api.tokens.sign(as)) } }),
        }),
      );
      expect(answer.status).toBe(200);
      const counted = Object.fromEntries(
        metrics.filter(([name]) => name === 'TokenDecisions').map(([, { Decision }, value]) => [Decision, value]),
      );
      expect({ who, counted }).toEqual({ who, counted: decisions });
    }

    // The share's deadline passes: the same pull is now refused for that reason.
    api.clock.now = new Date('2026-07-01T00:00:00Z');
    const { metrics } = await emittedBy(() => tokenRequest('repository:demo/soon-over:pull', PARTNER));
    expect(metrics.filter(([name]) => name === 'TokenDecisions')).toEqual([['TokenDecisions', { Decision: 'share_expired' }, 1]]);
  });
});

describe('a request that fails on the service’s side (5xx)', () => {
  it('counts a store failure as a StoreError, the request as 5xx, and no change', async () => {
    await start();
    const faults = injectStoreFaults(api.store.client);
    faults.failCall(1, 'refused');
    const { answer, metrics } = await emittedBy(() => shareClient(api, OWNER).create(shareBody()));
    expect(answer.status).toBe(500);
    expect(metrics).toEqual([['StoreErrors', { Kind: 'error' }, 1], ...requests('createShare', '5xx')]);
  });

  it('counts a store that throttles as a StoreError of kind throttle', async () => {
    await start();
    api.store.client.middlewareStack.add(
      () => async () => {
        throw Object.assign(new Error('Throughput exceeds the current capacity of your table'), {
          name: 'ProvisionedThroughputExceededException',
          $metadata: {},
        });
      },
      { step: 'finalizeRequest', name: 'alwaysThrottled' },
    );
    const { answer, metrics } = await emittedBy(async () => shareClient(api, OWNER).list());
    // A shared DynamoDB (TEST_DYNAMODB_ENDPOINT) drops the test's table through this client.
    api.store.client.middlewareStack.remove('alwaysThrottled');
    expect(answer.status).toBe(500);
    expect(metrics).toEqual([['StoreErrors', { Kind: 'throttle' }, 1], ...requests('listShares', '5xx')]);
  });

  it('counts a sealer that fails to seal (KMS on AWS) as a KmsError, by kind', async () => {
    let failure: Error | undefined;
    const sealer: SecretSealer = {
      seal: async (accessKey, secret) => {
        if (failure) throw failure;
        return `${accessKey}:${secret}`;
      },
      open: async (_accessKey, sealed) => {
        if (failure) throw failure;
        return sealed.split(':')[1]!;
      },
    };
    await start({ sealer });
    await createKey();

    failure = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const created = await emittedBy(async () =>
      api.call('POST', CREDENTIALS, { token: await api.tokens.sign(OLIVIA), body: { credential: { user_id: 'olivia-id' } } }),
    );
    expect(created.answer.status).toBe(500);
    expect(created.metrics).toEqual([['KmsErrors', { Kind: 'throttle' }, 1], ...requests('createCredential', '5xx')]);
  });

  it('counts a signed request whose key cannot be opened as a KmsError and a 5xx', async () => {
    let failing = false;
    const sealer: SecretSealer = {
      seal: async (accessKey, secret) => `${accessKey}:${secret}`,
      open: async (_accessKey, sealed) => {
        if (failing) throw Object.assign(new Error('KMS is unavailable'), { name: 'KMSInternalException' });
        return sealed.split(':')[1]!;
      },
    };
    await start({ sealer });
    const key = await createKey();
    failing = true; // the key has never been opened in this container: the next request opens it
    const { answer, metrics } = await emittedBy(() => signedCall(api, 'GET', SHARES, key));
    expect(answer.status).toBe(500);
    expect(metrics).toEqual([['KmsErrors', { Kind: 'error' }, 1], ...requests('listShares', '5xx')]);
  });

  it('counts a root key that cannot sign (KMS on AWS) as a KmsError, even when the answer is a token signed by the current key', async () => {
    const emf = recordingMetrics();
    const root = createTestRootKey();
    let failing = true;
    const flaky = {
      publicKey: root.publicKey,
      sign: async (data: Uint8Array) => (failing ? Promise.reject(new Error('KMS is unavailable')) : root.sign(data)),
    };
    const signingKeys = new ShortLivedSigningKeys(countRootKeyErrors(flaky, emf.metrics));
    await start({ metrics: emf.metrics, registry: { ...testRegistrySettings(), signingKeys } });

    const refused = await emittedBy(() => tokenRequest('repository:demo/nginx:pull', OWNER), emf);
    expect(refused.answer.status).toBe(503);
    expect(refused.metrics).toEqual([['KmsErrors', { Kind: 'error' }, 1], ...requests('issueRegistryToken', '5xx')]);

    failing = false;
    api.clock.now = new Date(NOW.getTime() + 60_000);
    const signed = await emittedBy(() => tokenRequest('repository:demo/nginx:pull', OWNER), emf);
    expect(signed.answer.status).toBe(200);
    expect(signed.metrics).toEqual([['TokenDecisions', { Decision: 'granted' }, 1], ...requests('issueRegistryToken', '2xx')]);

    // An hour on, the renewal fails: the current key goes on signing, and only KmsErrors tells.
    failing = true;
    api.clock.now = new Date(NOW.getTime() + 60_000 + 3_600_000);
    const graced = await emittedBy(() => tokenRequest('repository:demo/nginx:pull', OWNER), emf);
    expect(graced.answer.status).toBe(200);
    expect(graced.metrics).toEqual([
      ['KmsErrors', { Kind: 'error' }, 1],
      ['TokenDecisions', { Decision: 'granted' }, 1],
      ...requests('issueRegistryToken', '2xx'),
    ]);
  });
});
