import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { registryLoginKey } from '../../../lambda/domain/accessKey.js';
import { ErrorCodes } from '../../../lambda/errors.js';
import type { RequestLogger } from '../../../lambda/RequestLogger.js';
import type { TokenRequest } from '../../../local/iam/tokens.js';
import { testRegistrySettings } from '../../support/registrySigner.js';
import { expectError, SHARES } from '../../support/fixtures.js';
import { type KeyPair, signedCall, basicAuthorization as basic } from '../../support/signedCall.js';
import { type ApiAnswer, createTestApi, type TestApi } from '../../support/testApi.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const OLIVIA: TokenRequest = { domain: 'owner', user: 'olivia', namespaces: { demo: 'manage' } };
const OSCAR: TokenRequest = { domain: 'owner', user: 'oscar' };
const CREDENTIALS = '/v3.0/OS-CREDENTIAL/credentials';

let api: TestApi;
let logged: { message: string; fields: Record<string, unknown> }[];

beforeEach(async () => {
  logged = [];
  const logger: RequestLogger = {
    info: ((message: string, fields: Record<string, unknown>) => logged.push({ message, fields })) as RequestLogger['info'],
    error: (() => undefined) as RequestLogger['error'],
  };
  api = await createTestApi({ now: NOW, logger, registry: testRegistrySettings() });
});
afterEach(() => api.close());

async function createKey(as: TokenRequest, description = 'CI'): Promise<ApiAnswer> {
  return api.call('POST', CREDENTIALS, {
    token: await api.tokens.sign(as),
    body: { credential: { user_id: `${as.user}-id`, description } },
  });
}

const shareBody = { access_domain: 'partner', permit: 'read', deadline: 'forever' };

describe("IAM's credential API", () => {
  it('creates a key for the caller, shows its secret once, and lists it without the secret', async () => {
    const created = await createKey(OLIVIA);
    expect(created.status).toBe(201);
    expect(created.body.credential).toEqual({
      access: expect.stringMatching(/^[A-Z0-9]{20}$/),
      secret: expect.stringMatching(/^[A-Za-z0-9]{40}$/),
      status: 'active',
      user_id: 'olivia-id',
      create_time: NOW.toISOString(),
      description: 'CI',
    });
    const listed = await api.call('GET', CREDENTIALS, { token: await api.tokens.sign(OLIVIA) });
    expect(listed.status).toBe(200);
    const { secret: _secret, ...withoutSecret } = created.body.credential;
    expect(listed.body).toEqual({ credentials: [withoutSecret] });
    expect(listed.rawBody).not.toContain(created.body.credential.secret);
  });

  it("refuses a key for another user, and never shows or changes another user's keys", async () => {
    const refused = await api.call('POST', CREDENTIALS, {
      token: await api.tokens.sign(OSCAR),
      body: { credential: { user_id: 'olivia-id' } },
    });
    expectError(refused, 403, ErrorCodes.forbidden);
    const { access } = (await createKey(OLIVIA)).body.credential;
    const oscar = await api.tokens.sign(OSCAR);
    expect((await api.call('GET', CREDENTIALS, { token: oscar })).body).toEqual({ credentials: [] });
    expectError(await api.call('GET', `${CREDENTIALS}?user_id=olivia-id`, { token: oscar }), 403, ErrorCodes.forbidden);
    const disable = { credential: { status: 'inactive' } };
    expectError(await api.call('PUT', `${CREDENTIALS}/${access}`, { token: oscar, body: disable }), 404, ErrorCodes.noSuchAccessKey);
    expectError(await api.call('DELETE', `${CREDENTIALS}/${access}`, { token: oscar }), 404, ErrorCodes.noSuchAccessKey);
  });

  it("answers bad input with the API's 400s", async () => {
    const token = await api.tokens.sign(OLIVIA);
    expectError(await api.call('POST', CREDENTIALS, { token, body: { credential: {} } }), 400, ErrorCodes.missingParameter);
    expectError(
      await api.call('PUT', `${CREDENTIALS}/AKLOWERcase000000000`, { token, body: { credential: { status: 'inactive' } } }),
      400,
      ErrorCodes.invalidParameter,
    );
    const { access } = (await createKey(OLIVIA)).body.credential;
    expectError(
      await api.call('PUT', `${CREDENTIALS}/${access}`, { token, body: { credential: { status: 'gone' } } }),
      400,
      ErrorCodes.invalidParameter,
    );
  });
});

describe('requests signed with an access key (SDK-HMAC-SHA256)', () => {
  it('act as the key’s user, exactly as a token does', async () => {
    const key = (await createKey(OLIVIA)).body.credential as KeyPair;
    expect((await signedCall(api, 'POST', SHARES, key, { body: shareBody })).status).toBe(201);
    const listed = await signedCall(api, 'GET', SHARES, key);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ access_domain: 'partner', creator_name: 'olivia', creator_id: 'olivia-id' })]);
    const shared = await signedCall(api, 'GET', '/v2/manage/shared-repositories?center=self&limit=10', key);
    expect(shared.status).toBe(200);
    expect(shared.body).toHaveLength(1);
  });

  it('carry only the namespace levels the key was made with', async () => {
    const reader = (await createKey({ domain: 'owner', user: 'rita', namespaces: { demo: 'read' } })).body.credential as KeyPair;
    expect((await signedCall(api, 'GET', SHARES, reader)).status).toBe(200);
    expectError(await signedCall(api, 'POST', SHARES, reader, { body: shareBody }), 403, ErrorCodes.forbidden);
  });

  it('answer 401 in the API format for a wrong secret, an unknown key, a stale date or a changed body; the log says which', async () => {
    const key = (await createKey(OLIVIA)).body.credential as KeyPair;
    const cases: [string, Promise<ApiAnswer>][] = [
      ['signature mismatch', signedCall(api, 'GET', SHARES, { ...key, secret: `${key.secret}x` })],
      ['unknown access key', signedCall(api, 'GET', SHARES, { ...key, access: 'AK000000000000000000' })],
      ['X-Sdk-Date out of the 15 minute window', signedCall(api, 'GET', SHARES, key, { date: new Date(NOW.getTime() - 16 * 60_000) })],
    ];
    for (const [reason, call] of cases) {
      const answer = await call;
      expectError(answer, 401, ErrorCodes.unauthenticated);
      expect(answer.body.error_msg).toBe('Authentication failed');
      expect(logged).toContainEqual({ message: 'signature refused', fields: { accessKey: expect.any(String), reason } });
    }
  });

  it('stop working once the key is disabled, and work again once it is enabled (after the 60 s cache)', async () => {
    const key = (await createKey(OLIVIA)).body.credential as KeyPair;
    const token = await api.tokens.sign(OLIVIA);
    expect((await signedCall(api, 'GET', SHARES, key)).status).toBe(200);
    const disabled = await api.call('PUT', `${CREDENTIALS}/${key.access}`, { token, body: { credential: { status: 'inactive' } } });
    expect(disabled.body.credential.status).toBe('inactive');
    api.clock.now = new Date(NOW.getTime() + 60_000);
    expectError(await signedCall(api, 'GET', SHARES, key), 401, ErrorCodes.unauthenticated);
    expect(logged).toContainEqual({ message: 'signature refused', fields: { accessKey: key.access, reason: 'access key disabled' } });
    await api.call('PUT', `${CREDENTIALS}/${key.access}`, { token, body: { credential: { status: 'active' } } });
    api.clock.now = new Date(NOW.getTime() + 120_000);
    expect((await signedCall(api, 'GET', SHARES, key)).status).toBe(200);
    expect((await api.call('DELETE', `${CREDENTIALS}/${key.access}`, { token })).status).toBe(204);
    api.clock.now = new Date(NOW.getTime() + 180_000);
    expectError(await signedCall(api, 'GET', SHARES, key), 401, ErrorCodes.unauthenticated);
  });
});

describe('SWR-style registry login with a key', () => {
  const tokenRequest = (authorization: string) =>
    api.call('GET', `/registry/token?service=${testRegistrySettings().service}&scope=repository:demo/nginx:pull`, {
      headers: { Authorization: authorization },
    });

  it('takes user <region>@<AK> and the login key, as the key’s user; refuses a wrong one with a Basic challenge', async () => {
    const key = (await createKey(OLIVIA)).body.credential as KeyPair;
    const loginKey = registryLoginKey(key.access, key.secret);
    const granted = await tokenRequest(basic(`cn-north-4@${key.access}`, loginKey));
    expect(granted.status).toBe(200);
    const claims = JSON.parse(Buffer.from(granted.body.token.split('.')[1], 'base64url').toString());
    expect(claims.sub).toBe('owner/olivia');
    expect(claims.access).toEqual([{ type: 'repository', name: 'demo/nginx', actions: ['pull'] }]);

    const otherLastDigit = loginKey.endsWith('0') ? '1' : '0';
    const wrong = [
      [`any@${key.access}`, `${loginKey.slice(0, -1)}${otherLastDigit}`],
      [`x@${key.access}`, key.secret],
      ['x@AK000000000000000000', loginKey],
    ];
    for (const [user, password] of wrong) {
      const refused = await tokenRequest(basic(user!, password!));
      expectError(refused, 401, ErrorCodes.unauthenticated);
      expect(refused.headers['WWW-Authenticate']).toBe('Basic realm="registry token service"');
    }
  });
});
