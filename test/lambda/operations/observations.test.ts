import { afterEach, expect, it } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import type { SecretSealer } from '../../../lambda/auth/SecretSealer.js';
import type { RequestLogger } from '../../../lambda/RequestLogger.js';
import type { TokenRequest } from '../../../local/iam/tokens.js';
import { NOW, OWNER, PARTNER, SHARES, shareBody } from '../../support/fixtures.js';
import { TEST_REGISTRY_SERVICE, testRegistrySettings } from '../../support/registrySigner.js';
import { shareClient } from '../../support/shareClient.js';
import { basicAuthorization, FORM, type KeyPair, passwordGrant, signedCall } from '../../support/signedCall.js';
import { injectStoreFaults } from '../../support/storeFaults.js';
import { expectValidEmf } from '../../support/emfSpecification.js';
import { type ApiAnswer, createTestApi, type TestApi } from '../../support/testApi.js';

/**
 * Nothing lost: what each operation and each way a request fails leaves for operators (every
 * metric with its unit, dimensions and value, every audit event, every log line's fields),
 * normalised (request ids, times taken), held to `observations.expected.json`. That file was
 * written from the design before one line per request (a log line, an EMF document per
 * metric, an audit line each), so the one line must carry all of it. `UPDATE_OBSERVATIONS=1`
 * rewrites it.
 */

const EXPECTED = new URL('./observations.expected.json', import.meta.url);
const CREDENTIALS = '/v3.0/OS-CREDENTIAL/credentials';
const OLIVIA: TokenRequest = { ...OWNER, user: 'olivia' };

interface LogLine {
  message: string;
  fields: Record<string, unknown>;
}

let api: TestApi;
afterEach(() => api?.close());

/** Keys of a line that are the metrics' and the audit trail's, not the log's own. */
function telemetryKeys(fields: Record<string, unknown>): Set<string> {
  const keys = new Set<string>(['_aws', 'audit', 'auditEvents']);
  const emf = fields._aws as { CloudWatchMetrics?: { Dimensions: string[][]; Metrics: { Name: string }[] }[] } | undefined;
  for (const directive of emf?.CloudWatchMetrics ?? []) {
    for (const set of directive.Dimensions) for (const name of set) keys.add(name);
    for (const { Name } of directive.Metrics) keys.add(Name);
  }
  return keys;
}

/** A field as every run logs it: no request id, time taken or stack. */
function normalised(key: string, value: unknown): unknown {
  if (key === 'requestId') return 'REQUEST';
  if (key === 'durationMs') return 'MS';
  return value instanceof Error ? `${value.name}: ${value.message}` : value;
}

/** A log line's own fields, without what changes from run to run. */
function logged({ message, fields }: LogLine): Record<string, unknown> {
  const skip = telemetryKeys(fields);
  const own = Object.entries(fields).filter(([key, value]) => !skip.has(key) && value !== undefined);
  return {
    message,
    ...Object.fromEntries(own.map(([key, value]) => [key, normalised(key, value)])),
  };
}

/** What one request left: its metrics (sorted), its audit events and its log lines. */
async function observe(request: () => Promise<ApiAnswer>, lines: LogLine[]) {
  api.emf.clear();
  api.audit.clear();
  lines.splice(0);
  const answer = await request();
  const metrics = api.emf
    .emitted()
    .map(({ namespace, name, unit, value, dimensions }) => ({
      namespace,
      name,
      unit,
      dimensions,
      value: name === 'Latency' ? 'MS' : value,
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const audit = api.audit
    .events()
    .map((event) => ({ ...event, requestId: event.requestId === answer.headers['X-Request-Id'] ? 'REQUEST' : event.requestId }));
  return { status: answer.status, metrics, audit, log: lines.map(logged) };
}

const tokenRequest = async (scopes: string[], as?: TokenRequest) => {
  const query = new URLSearchParams({ service: TEST_REGISTRY_SERVICE });
  for (const scope of scopes) query.append('scope', scope);
  return api.call('GET', `/registry/token?${query}`, {
    ...(as && { headers: { Authorization: basicAuthorization(as.domain, await api.tokens.sign(as)) } }),
  });
};

it('every operation and every way a request fails leaves what it left before one line per request', async () => {
  const lines: LogLine[] = [];
  const record = (message: string, fields: Record<string, unknown> = {}) => void lines.push({ message, fields });
  const logger = { info: record, error: (message: string, fields: Record<string, unknown> = {}) => record(`ERROR ${message}`, fields) };
  let sealerFails: Error | undefined;
  const sealer: SecretSealer = {
    seal: async (accessKey, secret) => {
      if (sealerFails) throw sealerFails;
      return `${accessKey}:${secret}`;
    },
    open: async (_accessKey, sealed) => {
      if (sealerFails) throw sealerFails;
      return sealed.split(':')[1]!;
    },
  };
  api = await createTestApi({ now: NOW, registry: testRegistrySettings(), logger: logger as unknown as RequestLogger, sealer });
  const owner = shareClient(api, OWNER);
  const olivia = shareClient(api, OLIVIA);
  const reader: TokenRequest = { domain: 'reader', namespaces: { demo: 'read' } };
  let key: KeyPair | undefined;

  const scenarios: [string, () => Promise<ApiAnswer>][] = [
    ['createShare 201', () => olivia.create(shareBody({ access_domain: 'Partner', description: 'CI pulls' }))],
    ['createShare 409', () => owner.create(shareBody())],
    ['createShare 400', () => owner.create(shareBody({ permit: 'READ' }))],
    ['createShare 403', () => shareClient(api, PARTNER).create(shareBody({ access_domain: 'third' }))],
    ['createShare 401 no token', () => api.call('POST', SHARES, { body: shareBody() })],
    ['listShares 200', () => owner.list()],
    ['showShare 200', () => owner.show('partner')],
    ['showShare 404', () => owner.show('nobody')],
    ['updateShare 201', () => owner.update('partner', { permit: 'read', deadline: '2099-12-31' })],
    ['updateShare 404', () => owner.update('nobody', { permit: 'read', deadline: 'forever' })],
    [
      'listSharedRepositories 200',
      async () => api.call('GET', '/v2/manage/shared-repositories?center=self', { token: await api.tokens.sign(OWNER) }),
    ],
    ['token: owner granted', () => tokenRequest(['repository:demo/nginx:pull,push'], OWNER)],
    ['token: partner through a share', () => tokenRequest(['repository:demo/nginx:pull'], PARTNER)],
    ['token: partner pushing', () => tokenRequest(['repository:demo/nginx:pull,push'], PARTNER)],
    ['token: reader pushing', () => tokenRequest(['repository:demo/nginx:push'], reader)],
    ['token: no share', () => tokenRequest(['repository:demo/other:pull'], PARTNER)],
    ['token: anonymous, two repositories', () => tokenRequest(['repository:demo/nginx:pull', 'repository:demo/other:pull'])],
    [
      'token: three at once, mixed decisions',
      () => tokenRequest(['repository:demo/nginx:pull', 'repository:demo/other:pull', 'repository:demo/third:pull'], PARTNER),
    ],
    ['token: nothing a registry knows', () => tokenRequest(['registry:catalog:*'], PARTNER)],
    ['token: bad service 400', () => api.call('GET', '/registry/token?service=nope')],
    [
      'token: refused password 401',
      () =>
        api.call('GET', `/registry/token?service=${TEST_REGISTRY_SERVICE}`, {
          headers: { Authorization: basicAuthorization('owner', 'not-a-token') },
        }),
    ],
    [
      'oauth2: granted through a share',
      async () => passwordGrant(api, 'partner', await api.tokens.sign(PARTNER), 'repository:demo/nginx:pull'),
    ],
    ['oauth2: invalid_grant', () => passwordGrant(api, 'owner', 'nope')],
    ['oauth2: unsupported grant 400', () => api.call('POST', '/registry/token', { headers: FORM, body: 'grant_type=refresh_token' })],
    [
      'createCredential 201',
      async () => {
        const created = await api.call('POST', CREDENTIALS, {
          token: await api.tokens.sign(OLIVIA),
          body: { credential: { user_id: 'olivia-id' } },
        });
        key = created.body.credential as KeyPair;
        return created;
      },
    ],
    ['listCredentials 200', async () => api.call('GET', CREDENTIALS, { token: await api.tokens.sign(OLIVIA) })],
    ['signed createShare 201', () => signedCall(api, 'POST', SHARES, key!, { body: shareBody({ access_domain: 'signed' }) })],
    [
      'signed listShares, wrong secret 401',
      () => signedCall(api, 'GET', SHARES, { access: key!.access, secret: `${key!.secret.slice(1)}x` }),
    ],
    [
      'updateCredential 200',
      async () =>
        api.call('PUT', `${CREDENTIALS}/${key!.access}`, {
          token: await api.tokens.sign(OLIVIA),
          body: { credential: { status: 'active' } },
        }),
    ],
    [
      'createCredential 500, KMS throttled',
      async () => {
        sealerFails = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        try {
          return await api.call('POST', CREDENTIALS, {
            token: await api.tokens.sign(OLIVIA),
            body: { credential: { user_id: 'olivia-id' } },
          });
        } finally {
          sealerFails = undefined;
        }
      },
    ],
    [
      'createShare 500, store refused',
      () => {
        injectStoreFaults(api.store.client).failCall(1, 'refused');
        return owner.create(shareBody({ access_domain: 'fails' }));
      },
    ],
    ['deleteShare 204', () => owner.remove('partner')],
    ['deleteShare 404', () => owner.remove('partner')],
    ['deleteCredential 204', async () => api.call('DELETE', `${CREDENTIALS}/${key!.access}`, { token: await api.tokens.sign(OLIVIA) })],
  ];

  const observed: Record<string, unknown> = {};
  /** The lines each request wrote, as the deployed function writes them to stdout. */
  const written: Record<string, string[]> = {};
  for (const [name, request] of scenarios) {
    // The access key's id is random: it is named as a placeholder.
    const text = JSON.stringify(await observe(request, lines));
    written[name] = [...api.lines];
    observed[name] = JSON.parse(key ? text.replaceAll(key.access, 'ACCESS_KEY') : text);
  }
  if (process.env.UPDATE_OBSERVATIONS) await writeFile(EXPECTED, `${JSON.stringify(observed, null, 2)}\n`);
  expect(observed).toEqual(JSON.parse(await readFile(EXPECTED, 'utf8')));

  // And all of it in one line per request: the request's log line, valid EMF. A refused
  // credential's line and a 5xx's error line (with its stack) come on top, and a document of
  // its own for each further value of one dimension (a token deciding differently for
  // different repositories).
  for (const [name, requestLines] of Object.entries(written)) {
    const apart = requestLines.filter((line) => / refused"|"level":"ERROR"/.test(line)).length;
    const further = requestLines.filter((line) => !line.includes('"message"')).length;
    expect({ name, requestLines: requestLines.length - apart - further, further }).toEqual({
      name,
      requestLines: 1,
      further: name === 'token: three at once, mixed decisions' ? 1 : 0,
    });
    for (const line of requestLines.filter((one) => one.includes('"_aws"'))) expectValidEmf(line);
  }
});
