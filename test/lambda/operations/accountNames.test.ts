import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { formatSdkDate, signSdkRequest } from '../../../lambda/auth/sdkSignature.js';
import { ErrorCodes } from '../../../lambda/errors.js';
import type { TokenRequest } from '../../../local/iam/tokens.js';
import { expectError, NOW, OWNER, SHARES } from '../../support/fixtures.js';
import { type LoggedLine, recordingLogger } from '../../support/logRecorder.js';
import { TEST_REGISTRY_SERVICE, testRegistrySettings } from '../../support/registrySigner.js';
import { createShare } from '../../support/shareClient.js';
import { type ApiAnswer, createTestApi, type TestApi } from '../../support/testApi.js';

/** "Kelvin" spelt with U+212A KELVIN SIGN, which `toLowerCase()` turns into an ASCII `k`. */
const KELVIN_SIGN_NAME = '\u212Aelvin';
const LOOK_ALIKE: TokenRequest = { domain: KELVIN_SIGN_NAME, user: 'mallory', namespaces: { demo: 'read' } };
const KELVIN: TokenRequest = { domain: 'kelvin', user: 'kate' };

let api: TestApi;
let lines: LoggedLine[];

beforeEach(async () => {
  const recorder = recordingLogger();
  lines = recorder.lines;
  api = await createTestApi({ now: NOW, logger: recorder.logger, registry: testRegistrySettings() });
  // What the look-alike is after: a share for the real account.
  expect((await createShare(api, { access_domain: 'kelvin' }, OWNER, SHARES)).status).toBe(201);
});
afterEach(() => api.close());

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function sharedWith(as: TokenRequest, center: 'self' | 'thirdparty'): Promise<ApiAnswer> {
  return api.call('GET', `/v2/manage/shared-repositories?center=${center}`, { token: await api.tokens.sign(as) });
}

async function registryToken(as: TokenRequest): Promise<ApiAnswer> {
  const query = new URLSearchParams({ service: TEST_REGISTRY_SERVICE, scope: 'repository:demo/nginx:pull' });
  return api.call('GET', `/registry/token?${query}`, { headers: { Authorization: basic('kelvin', await api.tokens.sign(as)) } });
}

const refusals = (message: string) => lines.filter((line) => line.message === message).map((line) => line.fields.reason);

describe('account names are compared as ASCII', () => {
  it('the real account, in any ASCII case, sees and pulls what is shared with it', async () => {
    for (const domain of ['kelvin', 'KELVIN', 'Kelvin']) {
      expect((await sharedWith({ ...KELVIN, domain }, 'thirdparty')).body).toEqual([expect.objectContaining({ path: 'demo/nginx' })]);
      expect((await registryToken({ ...KELVIN, domain })).status).toBe(200);
    }
  });

  it('a token for an account spelt with the Kelvin sign is refused with a 401, and the log says why', async () => {
    for (const center of ['thirdparty', 'self'] as const) {
      const answer = await sharedWith(LOOK_ALIKE, center);
      expectError(answer, 401, ErrorCodes.unauthenticated);
      expect(answer.body.error_msg).toBe('Authentication failed');
    }
    expectError(await api.call('GET', SHARES, { token: await api.tokens.sign(LOOK_ALIKE) }), 401, ErrorCodes.unauthenticated);
    expect(refusals('token refused')).toEqual(['non-ASCII account name', 'non-ASCII account name', 'non-ASCII account name']);
  });

  it('the registry token service refuses its login (both forms): it pulls nothing shared with "kelvin"', async () => {
    const answer = await registryToken(LOOK_ALIKE);
    expectError(answer, 401, ErrorCodes.unauthenticated);
    expect(answer.headers['WWW-Authenticate']).toBe('Basic realm="registry token service"');

    const form = new URLSearchParams({
      grant_type: 'password',
      username: 'kelvin',
      password: await api.tokens.sign(LOOK_ALIKE),
      service: TEST_REGISTRY_SERVICE,
      scope: 'repository:demo/nginx:pull',
    });
    const oauth2 = await api.call('POST', '/registry/token', {
      body: form.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(oauth2.status).toBe(400);
    expect(oauth2.body.error).toBe('invalid_grant');
    expect(refusals('registry login refused')).toEqual(['non-ASCII account name', 'non-ASCII account name']);
  });

  it('an access key stored for such an account (before tokens were refused it) signs nothing', async () => {
    const key = { access: 'AKKELVIN000000000000', secret: 'S'.repeat(40) };
    await api.store.accessKeys.createAccessKey({
      accessKey: key.access,
      // Never opened: the account is refused first.
      sealedSecret: 'sealed',
      status: 'active',
      caller: {
        userId: 'mallory-id',
        userName: 'mallory',
        domainId: 'kelvin-id',
        domainName: KELVIN_SIGN_NAME,
        namespaces: { demo: 'read' },
      },
      description: '',
      created: NOW.toISOString(),
    });
    const headers = { host: 'swr.example.com', 'x-sdk-date': formatSdkDate(NOW) };
    const authorization = signSdkRequest(
      { method: 'GET', path: SHARES, query: {}, headers, body: null },
      { accessKey: key.access, secretKey: key.secret },
    );
    expectError(await api.call('GET', SHARES, { headers: { ...headers, Authorization: authorization } }), 401, ErrorCodes.unauthenticated);
    expect(lines).toContainEqual({ message: 'signature refused', fields: { accessKey: key.access, reason: 'non-ASCII account name' } });
  });
});
