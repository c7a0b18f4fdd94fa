import { afterEach, describe, expect, it } from '@jest/globals';
import { ACCESS_KEY_CACHE_MS } from '../../../lambda/auth/accessKeyResolver.js';
import { KmsSecretSealer } from '../../../lambda/auth/KmsSecretSealer.js';
import { formatSdkDate, signSdkRequest } from '../../../lambda/auth/sdkSignature.js';
import { registryLoginKey } from '../../../lambda/domain/accessKey.js';
import {
  ACCESS_KEY_LOOKUP,
  CATALOG,
  type Operation,
  OPERATIONS,
  sealingKeyActions,
  signingKeyActions,
  tableGrants,
} from '../../../lambda/operations/catalog.js';
import { KmsRootKey } from '../../../lambda/registry/KmsRootKey.js';
import { KEY_LIFETIME_SECONDS } from '../../../lambda/registry/ShortLivedSigningKeys.js';
import type { TokenRequest } from '../../../local/iam/tokens.js';
import { NOW, OWNER, PARTNER, SHARES, shareBody, sharesPath } from '../../support/fixtures.js';
import { type StubbedKms, stubbedKms, TEST_KEY_ARN, TEST_SEALING_KEY_ARN } from '../../support/kmsStub.js';
import { TEST_REGISTRY_SERVICE, testRegistrySettings } from '../../support/registrySigner.js';
import { basicAuthorization, passwordGrant } from '../../support/signedCall.js';
import { createShare } from '../../support/shareClient.js';
import { recordTableRequests, type TableRequestRecorder } from '../../support/tableRequestRecorder.js';
import { type ApiAnswer, createTestApi, type TestApi } from '../../support/testApi.js';

/**
 * The grants, proven by behaviour: each operation runs through the real store and the KMS
 * code of the deployed functions (KmsSecretSealer, and KmsRootKey under ShortLivedSigningKeys)
 * on every path its logic can take, by every credential it accepts, while what goes to
 * DynamoDB (read from the signed HTTP request) and to KMS (read from a recorded client) is
 * recorded. What it sends must be exactly what its catalog entry grants: an action too many
 * would fail on AWS with a 500, a grant too many is access nobody needs.
 */

/** Where a request without an index goes. */
const TABLE = '(table)';
const SIGNING_KEY = 'the signing key';
const SEALING_KEY = 'the sealing key';

/** `<action> on <index, table or key>`: one thing a function's role or a key policy allows. */
type Access = string;

const keyName = (keyId: string | undefined) =>
  keyId === TEST_KEY_ARN ? SIGNING_KEY : keyId === TEST_SEALING_KEY_ARN ? SEALING_KEY : `key ${keyId}`;

/** Everything the catalog grants an operation's function: on the table, its indexes and both keys. */
function granted(operation: Operation): Access[] {
  const table = tableGrants(operation).flatMap(({ actions, indexes }) =>
    actions.flatMap((action) => (indexes.length > 0 ? indexes : [TABLE]).map((resource) => `${action} on ${resource}`)),
  );
  const kms = [
    ...signingKeyActions(operation).map((action) => `${action} on ${SIGNING_KEY}`),
    ...sealingKeyActions(operation).map((action) => `${action} on ${SEALING_KEY}`),
  ];
  return [...new Set([...table, ...kms])].sort();
}

/** What reading and opening a presented access key adds to a request. */
const ACCESS_KEY_READ: Access[] = [...ACCESS_KEY_LOOKUP.actions.map((action) => `${action} on ${TABLE}`), `kms:Decrypt on ${SEALING_KEY}`];

/** How a caller proves who they are: a token, or an access key (AK/SK signature, registry login key). */
type CredentialPath = 'token' | 'access key';
const CREDENTIAL_PATHS: readonly CredentialPath[] = ['token', 'access key'];

/** One caller, on one credential path. */
interface Caller {
  /** An API request: with X-Auth-Token, or signed SDK-HMAC-SHA256 with the caller's key. */
  call(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  /** A registry login: any user name and a token, or user `<region>@<AK>` and the key's login key. */
  login(): Promise<{ user: string; password: string }>;
}
type As = (who: TokenRequest) => Caller;

/** The run under way: a test API on a recorded DynamoDB client and a recorded KMS client. */
let api: TestApi;
let recorder: TableRequestRecorder;
let kms: StubbedKms;
const running: TestApi[] = [];

async function startRun(): Promise<void> {
  kms = stubbedKms();
  api = await createTestApi({
    now: NOW,
    sealer: new KmsSecretSealer(kms.client, TEST_SEALING_KEY_ARN),
    registry: testRegistrySettings(new KmsRootKey(kms.client, TEST_KEY_ARN, kms.publicKey)),
  });
  running.push(api);
  recorder = recordTableRequests(api.store.client);
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((each) => each.close()));
});

function offTheRecord(): void {
  recorder.clear();
  kms.mock.resetHistory();
}

/** Everything sent to DynamoDB and KMS since the record was last cleared. */
function recorded(): Access[] {
  return [
    ...recorder.requests.map(({ action, indexName }) => `${action} on ${indexName ?? TABLE}`),
    ...kms.requests().map(({ action, keyId }) => `${action} on ${keyName(keyId)}`),
  ].sort();
}

const userId = (who: TokenRequest) => `${(who.user ?? who.domain).toLowerCase()}-id`;
const CREDENTIALS = '/v3.0/OS-CREDENTIAL/credentials';

/** A new access key of `who`'s, made with a token. */
async function newKey(who: TokenRequest): Promise<{ access: string; secret: string }> {
  const created = await api.call('POST', CREDENTIALS, {
    token: await api.tokens.sign(who),
    body: { credential: { user_id: userId(who) } },
  });
  expect(created.status).toBe(201);
  return created.body.credential;
}

function tokenCaller(who: TokenRequest): Caller {
  return {
    call: async (method, path, body) => api.call(method, path, { token: await api.tokens.sign(who), ...(body !== undefined && { body }) }),
    login: async () => ({ user: who.domain, password: await api.tokens.sign(who) }),
  };
}

function keyCaller({ access, secret }: { access: string; secret: string }): Caller {
  return {
    async call(method, path, body) {
      const [pathOnly, query = ''] = path.split('?') as [string, string?];
      const text = body === undefined ? null : JSON.stringify(body);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        host: 'swr.example.com',
        'x-sdk-date': formatSdkDate(api.clock.now),
      };
      const queryPairs: Record<string, string[]> = {};
      for (const [name, value] of new URLSearchParams(query)) (queryPairs[name] ??= []).push(value);
      const authorization = signSdkRequest(
        { method, path: pathOnly, query: queryPairs, headers, body: text },
        { accessKey: access, secretKey: secret },
      );
      return api.call(method, path, { headers: { ...headers, Authorization: authorization }, ...(text !== null && { body: text }) });
    },
    login: async () => ({ user: `cn-north-4@${access}`, password: registryLoginKey(access, secret) }),
  };
}

/** The callers of a run on `path`: for an access key, one made (off the record) for each who asks. */
function callersOn(path: CredentialPath): As {
  if (path === 'token') return tokenCaller;
  const keys = new Map<string, Promise<Caller>>();
  return (who) => {
    const key = JSON.stringify(who);
    if (!keys.has(key)) keys.set(key, newKey(who).then(keyCaller));
    const caller = keys.get(key)!;
    return { call: async (...args) => (await caller).call(...args), login: async () => (await caller).login() };
  };
}

const shares = (caller: Caller, base: string = SHARES) => ({
  create: (body: Record<string, unknown>) => caller.call('POST', base, body),
  list: () => caller.call('GET', base),
  show: (accessDomain: string) => caller.call('GET', `${base}/${accessDomain}`),
  update: (accessDomain: string, body: Record<string, unknown>) => caller.call('PATCH', `${base}/${accessDomain}`, body),
  remove: (accessDomain: string) => caller.call('DELETE', `${base}/${accessDomain}`),
});

async function registryToken(caller: Caller, scope: string): Promise<ApiAnswer> {
  const { user, password } = await caller.login();
  const query = new URLSearchParams({ service: TEST_REGISTRY_SERVICE, scope });
  return api.call('GET', `/registry/token?${query}`, { headers: { Authorization: basicAuthorization(user, password) } });
}

async function registryTokenByForm(caller: Caller, scope: string): Promise<ApiAnswer> {
  const { user, password } = await caller.login();
  return passwordGrant(api, user, password, scope);
}

/** A key of the owner's, made off the record: the one the request names. */
async function anotherOwnerKey(): Promise<string> {
  const { access } = await newKey(OWNER);
  offTheRecord();
  return access;
}

const UNKNOWN_KEY = 'ABCDEFGHIJ0123456789';
const PULL = 'repository:demo/nginx:pull';

/**
 * Every way each operation reaches the store and KMS, with the status each request must get
 * (so that it did reach them). A new operation cannot be added without its own.
 */
type Step = [(as: As) => Promise<ApiAnswer>, number];
const SCENARIOS: Record<Operation, Step[]> = {
  createShare: [
    [(as) => shares(as(OWNER)).create(shareBody({ access_domain: 'another' })), 201],
    [(as) => shares(as(OWNER)).create(shareBody({ access_domain: 'Partner' })), 409],
    // The first share of a repository: its roster is made from its shares (Query, PutItem).
    [(as) => shares(as(OWNER), sharesPath('first')).create(shareBody({ access_domain: 'another' })), 201],
  ],
  listShares: [[(as) => shares(as(OWNER)).list(), 200]],
  showShare: [
    [(as) => shares(as(OWNER)).show('partner'), 200],
    [(as) => shares(as(OWNER)).show('nobody'), 200],
  ],
  updateShare: [
    [(as) => shares(as(OWNER)).update('partner', { permit: 'read', deadline: '2030-01-01' }), 201],
    [(as) => shares(as(OWNER)).update('nobody', { permit: 'read', deadline: '2030-01-01' }), 404],
    // A repository with no roster yet: the claim makes one before it finds no share.
    [(as) => shares(as(OWNER), sharesPath('unshared')).update('nobody', { permit: 'read', deadline: '2030-01-01' }), 404],
  ],
  deleteShare: [
    [(as) => shares(as(OWNER)).remove('partner'), 204],
    [(as) => shares(as(OWNER)).remove('nobody'), 404],
  ],
  listSharedRepositories: [
    [(as) => as(PARTNER).call('GET', '/v2/manage/shared-repositories?center=thirdparty'), 200],
    [(as) => as(OWNER).call('GET', '/v2/manage/shared-repositories?center=self'), 200],
  ],
  // The second token comes from the signing key the first one made.
  issueRegistryToken: [
    [(as) => registryToken(as(PARTNER), PULL), 200],
    [(as) => registryToken(as(PARTNER), PULL), 200],
  ],
  issueRegistryTokenOAuth2: [
    [(as) => registryTokenByForm(as(PARTNER), PULL), 200],
    [(as) => registryTokenByForm(as(PARTNER), PULL), 200],
  ],
  createCredential: [[(as) => as(OWNER).call('POST', CREDENTIALS, { credential: { user_id: 'owner-id', description: 'ci' } }), 201]],
  listCredentials: [[(as) => as(OWNER).call('GET', CREDENTIALS), 200]],
  updateCredential: [
    [async (as) => as(OWNER).call('PUT', `${CREDENTIALS}/${await anotherOwnerKey()}`, { credential: { status: 'inactive' } }), 200],
    [(as) => as(OWNER).call('PUT', `${CREDENTIALS}/${UNKNOWN_KEY}`, { credential: { status: 'inactive' } }), 404],
  ],
  deleteCredential: [
    [async (as) => as(OWNER).call('DELETE', `${CREDENTIALS}/${await anotherOwnerKey()}`), 204],
    [(as) => as(OWNER).call('DELETE', `${CREDENTIALS}/${UNKNOWN_KEY}`), 404],
  ],
};

/**
 * Runs the operation's scenario on a fresh API (fresh store, fresh signing keys), its callers
 * on `path`, and answers what each request sent. Before each request the clock moves on past
 * the access key cache, so that every request presenting a key reads and opens it.
 */
async function run(operation: Operation, path: CredentialPath): Promise<Access[][]> {
  await startRun();
  await createShare(api);
  const as = callersOn(path);
  // The callers' keys are made before the record starts.
  for (const who of [OWNER, PARTNER]) await as(who).login();
  const sent: Access[][] = [];
  for (const [send, status] of SCENARIOS[operation]) {
    api.clock.now = new Date(api.clock.now.getTime() + ACCESS_KEY_CACHE_MS);
    offTheRecord();
    expect({ path, status: (await send(as)).status }).toEqual({ path, status });
    sent.push(recorded());
  }
  return sent;
}

const describePath = (operation: Operation, path: CredentialPath) =>
  CATALOG[operation].credentials === 'api'
    ? path === 'token'
      ? 'X-Auth-Token'
      : 'AK/SK signature'
    : path === 'token'
      ? 'a token as password'
      : 'the login key of user <region>@<AK>';

describe('the table and KMS access each operation is granted', () => {
  it.each(OPERATIONS)(
    '%s sends, by each credential it takes, exactly the DynamoDB and KMS actions its catalog entry grants, where it grants them',
    async (operation) => {
      const grants = granted(operation);
      const sentBy = {} as Record<CredentialPath, Access[][]>;
      for (const path of CREDENTIAL_PATHS) sentBy[path] = await run(operation, path);

      // Nothing sent that is not granted: on AWS it would be refused.
      for (const path of CREDENTIAL_PATHS) {
        sentBy[path].forEach((sent, step) => {
          const credential = describePath(operation, path);
          expect({ credential, step, notGranted: sent.filter((access) => !grants.includes(access)) }).toEqual({
            credential,
            step,
            notGranted: [],
          });
        });
      }
      // Nothing granted that no request needs.
      expect([...new Set(CREDENTIAL_PATHS.flatMap((path) => sentBy[path].flat()))].sort()).toEqual(grants);
      // A key instead of a token adds exactly its lookup and opening, to every request.
      sentBy.token.forEach((byToken, step) => {
        expect({ step, sent: sentBy['access key'][step] }).toEqual({ step, sent: [...byToken, ...ACCESS_KEY_READ].sort() });
      });
      // A signing key's certificate is one Sign, made by the first token request; no token is one.
      for (const path of CREDENTIAL_PATHS) {
        const signs = sentBy[path].map((sent) => sent.filter((access) => access === `kms:Sign on ${SIGNING_KEY}`).length);
        expect({ path, signs }).toEqual({
          path,
          signs: signingKeyActions(operation).includes('kms:Sign') ? [1, ...signs.slice(1).map(() => 0)] : signs.map(() => 0),
        });
      }
    },
  );
});

describe('the registry token functions', () => {
  it.each(['issueRegistryToken', 'issueRegistryTokenOAuth2'] as const)(
    '%s signs with KMS once per signing key lifetime, never per token',
    async (operation) => {
      await startRun();
      await createShare(api);
      const as = callersOn('token');
      const request = () => (operation === 'issueRegistryToken' ? registryToken : registryTokenByForm)(as(PARTNER), PULL);
      const signsOf = async () => {
        kms.mock.resetHistory();
        expect((await request()).status).toBe(200);
        return kms.requests().filter(({ action }) => action === 'kms:Sign').length;
      };
      expect([await signsOf(), await signsOf(), await signsOf()]).toEqual([1, 0, 0]);
      api.clock.now = new Date(api.clock.now.getTime() + (KEY_LIFETIME_SECONDS - 1) * 1000);
      expect(await signsOf()).toBe(0);
      api.clock.now = new Date(api.clock.now.getTime() + 1000);
      expect([await signsOf(), await signsOf()]).toEqual([1, 0]);
    },
  );
});
