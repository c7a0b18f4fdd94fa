import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { formatSdkDate, signSdkRequest } from '../../lambda/auth/sdkSignature.js';
import { ACCESS_KEY_LOOKUP, CATALOG, type Operation, OPERATIONS, tableGrants } from '../../lambda/operations/catalog.js';
import type { TokenRequest } from '../../local/tokens.js';
import { TEST_REGISTRY_SERVICE } from '../support/registrySigner.js';
import { NOW, OWNER, PARTNER, SHARES, shareBody } from '../support/fixtures.js';
import { createShare, shareClient } from '../support/shareClient.js';
import { recordTableRequests, type TableRequestRecorder } from '../support/tableRequestRecorder.js';
import { type ApiAnswer, createTestApi, type TestApi } from '../support/testApi.js';

/**
 * The grants, proven by behaviour: each operation runs through the real store, on every
 * path its logic can take to the store, while a middleware on the DynamoDB client records
 * what goes on the wire. What it sends must be exactly what its catalog entry grants: a
 * command too many would fail on AWS with a 500, a grant too many is access nobody needs.
 */

/** Where a Query without an index goes. */
const TABLE = '(table)';

let api: TestApi;
let recorder: TableRequestRecorder;

beforeEach(async () => {
  api = await createTestApi({ now: NOW });
  recorder = recordTableRequests(api.store.client);
  await createShare(api);
  recorder.clear();
});
afterEach(() => api.close());

const owner = () => shareClient(api, OWNER);

async function sharedRepositories(as: TokenRequest, center: string): Promise<ApiAnswer> {
  return api.call('GET', `/v2/manage/shared-repositories?center=${center}`, { token: await api.tokens.sign(as) });
}

async function registryToken(as: TokenRequest, scope: string): Promise<ApiAnswer> {
  const password = await api.tokens.sign(as);
  const authorization = `Basic ${Buffer.from(`${as.domain}:${password}`).toString('base64')}`;
  const query = new URLSearchParams({ service: TEST_REGISTRY_SERVICE, scope });
  return api.call('GET', `/registry/token?${query}`, { headers: { Authorization: authorization } });
}

async function registryTokenByForm(as: TokenRequest, scope: string): Promise<ApiAnswer> {
  const password = await api.tokens.sign(as);
  const form = new URLSearchParams({ grant_type: 'password', username: as.domain, password, service: TEST_REGISTRY_SERVICE, scope });
  return api.call('POST', '/registry/token', { body: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
}

const CREDENTIALS = '/v3.0/OS-CREDENTIAL/credentials';

async function credentials(method: string, path = '', body?: unknown): Promise<ApiAnswer> {
  return api.call(method, CREDENTIALS + path, { token: await api.tokens.sign(OWNER), ...(body !== undefined && { body }) });
}

/** A key of the owner's, made before the recording starts. */
async function ownerKey(): Promise<string> {
  const created = await credentials('POST', '', { credential: { user_id: 'owner-id' } });
  expect(created.status).toBe(201);
  recorder.clear();
  return created.body.credential.access;
}

const UNKNOWN_KEY = 'ABCDEFGHIJ0123456789';

/**
 * Every way each operation reaches the store, with the status each request must get (so
 * that it did reach the store). A new operation cannot be added without its own.
 */
const SCENARIOS: Record<Operation, Array<[() => Promise<ApiAnswer>, number]>> = {
  createShare: [
    [() => owner().create(shareBody({ access_domain: 'another' })), 201],
    [() => owner().create(shareBody({ access_domain: 'Partner' })), 409],
  ],
  listShares: [[() => owner().list(), 200]],
  showShare: [
    [() => owner().show('partner'), 200],
    [() => owner().show('nobody'), 200],
  ],
  updateShare: [
    [() => owner().update('partner', { permit: 'read', deadline: '2030-01-01' }), 201],
    [() => owner().update('nobody', { permit: 'read', deadline: '2030-01-01' }), 404],
  ],
  deleteShare: [
    [() => owner().remove('partner'), 204],
    [() => owner().remove('nobody'), 404],
  ],
  listSharedRepositories: [
    [() => sharedRepositories(PARTNER, 'thirdparty'), 200],
    [() => sharedRepositories(OWNER, 'self'), 200],
  ],
  issueRegistryToken: [[() => registryToken(PARTNER, 'repository:demo/nginx:pull'), 200]],
  issueRegistryTokenOAuth2: [[() => registryTokenByForm(PARTNER, 'repository:demo/nginx:pull'), 200]],
  createCredential: [[() => credentials('POST', '', { credential: { user_id: 'owner-id', description: 'ci' } }), 201]],
  listCredentials: [[() => credentials('GET'), 200]],
  updateCredential: [
    [async () => credentials('PUT', `/${await ownerKey()}`, { credential: { status: 'inactive' } }), 200],
    [() => credentials('PUT', `/${UNKNOWN_KEY}`, { credential: { status: 'inactive' } }), 404],
  ],
  deleteCredential: [
    [async () => credentials('DELETE', `/${await ownerKey()}`), 204],
    [() => credentials('DELETE', `/${UNKNOWN_KEY}`), 404],
  ],
};

describe('the table access each operation is granted', () => {
  it.each(OPERATIONS)('%s sends exactly the DynamoDB actions its catalog entry grants, to exactly its indexes', async (operation) => {
    for (const [send, status] of SCENARIOS[operation]) expect((await send()).status).toBe(status);

    const { actions, indexes } = CATALOG[operation].table;
    const sent = new Set(recorder.requests.map(({ action }) => action));
    expect([...sent].sort()).toEqual([...actions].sort());
    const queried = new Set(recorder.requests.filter(({ action }) => action === 'dynamodb:Query').map(({ indexName }) => indexName ?? TABLE));
    const granted = actions.includes('dynamodb:Query') ? (indexes.length > 0 ? indexes : [TABLE]) : [];
    expect([...queried].sort()).toEqual([...granted].sort());
  });
});

describe('the access key lookup every function is granted besides', () => {
  it('is one GetItem when a caller signs with an access key instead of a token', async () => {
    const created = await credentials('POST', '', { credential: { user_id: 'owner-id' } });
    const { access, secret } = created.body.credential as { access: string; secret: string };
    recorder.clear();
    const headers: Record<string, string> = { 'content-type': 'application/json', host: 'swr.example.com', 'x-sdk-date': formatSdkDate(api.clock.now) };
    const authorization = signSdkRequest({ method: 'GET', path: SHARES, query: {}, headers, body: null }, { accessKey: access, secretKey: secret }, [
      'content-type',
      'host',
      'x-sdk-date',
    ]);
    expect((await api.call('GET', SHARES, { headers: { ...headers, Authorization: authorization } })).status).toBe(200);

    expect(recorder.requests.map(({ action }) => action).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    const granted = tableGrants('listShares').flatMap((grant) => grant.actions);
    for (const { action } of recorder.requests) expect(granted).toContain(action);
    // The lookup adds exactly what ACCESS_KEY_LOOKUP grants, beside the operation's own Query.
    expect(recorder.requests.filter(({ action }) => action !== 'dynamodb:Query').map(({ action }) => action)).toEqual([
      ...ACCESS_KEY_LOOKUP.actions,
    ]);
  });
});
