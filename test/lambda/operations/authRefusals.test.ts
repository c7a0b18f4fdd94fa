import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { formatSdkDate, signSdkRequest } from '../../../lambda/auth/sdkSignature.js';
import { ErrorCodes } from '../../../lambda/errors.js';
import { DEV_ALGORITHM, DEV_AUDIENCE, DEV_ISSUER } from '../../../local/iam/tokens.js';
import { expectError, NOW, OWNER, SHARES } from '../../support/fixtures.js';
import { type LoggedLine, recordingLogger } from '../../support/logRecorder.js';
import { TEST_REGISTRY_SERVICE, testRegistrySettings } from '../../support/registrySigner.js';
import { type ApiAnswer, createTestApi, type TestApi } from '../../support/testApi.js';

let api: TestApi;
let lines: LoggedLine[];
let logText: () => string;

beforeEach(async () => {
  const recorder = recordingLogger();
  ({ lines, text: logText } = recorder);
  api = await createTestApi({ now: NOW, logger: recorder.logger, registry: testRegistrySettings() });
});
afterEach(() => api.close());

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** A token with the claims of OWNER, signed with `key` (default: the key the API trusts), changed as the test says. */
async function craftedToken(change: { claims?: Record<string, unknown>; without?: string; key?: { jwk: JWK } } = {}): Promise<string> {
  const claims: Record<string, unknown> = {
    sub: 'owner-id',
    name: 'owner',
    domain_id: 'owner-id',
    domain_name: 'owner',
    namespaces: { demo: 'manage' },
    iss: DEV_ISSUER,
    aud: DEV_AUDIENCE,
    iat: seconds(NOW),
    exp: seconds(NOW) + 3600,
    ...change.claims,
  };
  if (change.without) delete claims[change.without];
  const jwk = change.key?.jwk ?? (api.tokens.keys.privateJwk as JWK);
  return new SignJWT(claims).setProtectedHeader({ alg: DEV_ALGORITHM, kid: jwk.kid! }).sign(await importJWK(jwk, DEV_ALGORITHM));
}

async function strangerKey(): Promise<{ jwk: JWK }> {
  const { privateKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
  return { jwk: { ...(await exportJWK(privateKey)), kid: 'a-key-the-api-does-not-know' } };
}

/** A valid token's signature with one of its middle characters changed. */
function withBadSignature(token: string): string {
  const dot = token.lastIndexOf('.');
  const at = dot + 10;
  return `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
}

const reasons = (message: string) => lines.filter((line) => line.message === message).map((line) => line.fields.reason);

describe('a refused token: the same 401 for the caller, the reason in the log', () => {
  it('says which of missing, malformed, bad signature, unknown key, expired, not yet valid, wrong issuer or audience, missing expiry, invalid claims', async () => {
    const good = await api.tokens.sign(OWNER);
    const cases: [string, string | undefined][] = [
      ['missing token', undefined],
      ['malformed token', 'not-a-token'],
      ['malformed token', 'a.b.c'],
      ['bad signature', withBadSignature(good)],
      ['unknown signing key', await craftedToken({ key: await strangerKey() })],
      ['expired', await craftedToken({ claims: { exp: seconds(NOW) - 1 } })],
      ['not yet valid', await craftedToken({ claims: { nbf: seconds(NOW) + 600 } })],
      ['wrong issuer', await api.tokens.sign({ ...OWNER, issuer: 'someone-else' })],
      ['wrong audience', await api.tokens.sign({ ...OWNER, audience: 'another-service' })],
      ['missing expiry', await craftedToken({ without: 'exp' })],
      ['invalid claims', await craftedToken({ without: 'namespaces' })],
    ];
    const answers: ApiAnswer[] = [];
    for (const [, token] of cases) answers.push(await api.call('GET', SHARES, token === undefined ? {} : { token }));

    expect(reasons('token refused')).toEqual(cases.map(([reason]) => reason));
    for (const answer of answers) {
      expectError(answer, 401, ErrorCodes.unauthenticated);
      expect(answer.body).toEqual(answers[0]!.body);
    }
    // Neither a token nor a signature reaches the log.
    for (const [, token] of cases) {
      if (token && token.length > 10) expect(logText()).not.toContain(token.split('.').at(-1));
    }
    expect((await api.call('GET', SHARES, { token: good })).status).toBe(200);
  });

  it('an Authorization header that is neither a token nor a signature', async () => {
    expectError(await api.call('GET', SHARES, { headers: { Authorization: 'Bearer abc.def.ghi' } }), 401, ErrorCodes.unauthenticated);
    expect(lines).toContainEqual({ message: 'signature refused', fields: { reason: 'malformed Authorization header' } });
    expect(logText()).not.toContain('abc.def.ghi');
  });
});

describe('a refused signature (AK/SK): the same 401, the reason in the log, never the signature', () => {
  it('unknown access key, disabled key, date skew, bad signature', async () => {
    const created = await api.call('POST', '/v3.0/OS-CREDENTIAL/credentials', {
      token: await api.tokens.sign({ ...OWNER, user: 'olivia' }),
      body: { credential: { user_id: 'olivia-id' } },
    });
    const { access, secret } = created.body.credential as { access: string; secret: string };
    const signed = (key: { access: string; secret: string }, date = NOW) => {
      const headers = { host: 'swr.example.com', 'x-sdk-date': formatSdkDate(date) };
      const authorization = signSdkRequest(
        { method: 'GET', path: SHARES, query: {}, headers, body: null },
        { accessKey: key.access, secretKey: key.secret },
      );
      return { authorization, call: () => api.call('GET', SHARES, { headers: { ...headers, Authorization: authorization } }) };
    };
    const cases: [string, ReturnType<typeof signed>][] = [
      ['unknown access key', signed({ access: 'AK000000000000000000', secret })],
      ['X-Sdk-Date out of the 15 minute window', signed({ access, secret }, new Date(NOW.getTime() + 16 * 60_000))],
      ['signature mismatch', signed({ access, secret: `${secret}x` })],
    ];
    for (const [reason, request] of cases) {
      expectError(await request.call(), 401, ErrorCodes.unauthenticated);
      expect(lines.at(-2)).toEqual({ message: 'signature refused', fields: expect.objectContaining({ reason }) });
      expect(logText()).not.toContain(/Signature=(\w+)/.exec(request.authorization)![1]);
    }
    await api.call('PUT', `/v3.0/OS-CREDENTIAL/credentials/${access}`, {
      token: await api.tokens.sign({ ...OWNER, user: 'olivia' }),
      body: { credential: { status: 'inactive' } },
    });
    api.clock.now = new Date(NOW.getTime() + 61_000);
    expectError(await signed({ access, secret }, api.clock.now).call(), 401, ErrorCodes.unauthenticated);
    expect(reasons('signature refused').at(-1)).toBe('access key disabled');
  });
});

describe('a refused registry login: the same 401 with its Basic challenge, the reason in the log', () => {
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const login = (authorization: string) =>
    api.call('GET', `/registry/token?service=${TEST_REGISTRY_SERVICE}&scope=repository:demo/nginx:pull`, {
      headers: { Authorization: authorization },
    });

  it('says why a token password or the credentials themselves were refused', async () => {
    const expired = await craftedToken({ claims: { exp: seconds(NOW) - 1 } });
    const cases: [string, string][] = [
      ['expired', basic('owner', expired)],
      ['malformed token', basic('owner', 'hunter2')],
      ['unknown access key', basic('cn-north-4@AK000000000000000000', 'a'.repeat(64))],
      ['malformed Basic credentials', 'Basic !!!'],
    ];
    for (const [, authorization] of cases) {
      const answer = await login(authorization);
      expectError(answer, 401, ErrorCodes.unauthenticated);
      expect(answer.headers['WWW-Authenticate']).toBe('Basic realm="registry token service"');
    }
    expect(reasons('registry login refused')).toEqual(cases.map(([reason]) => reason));
    expect(logText()).not.toContain(expired.split('.')[2]);
    expect(logText()).not.toContain('hunter2');
  });

  it('the OAuth2 form logs the same reasons', async () => {
    const password = await craftedToken({ claims: { nbf: seconds(NOW) + 600 } });
    const form = new URLSearchParams({
      grant_type: 'password',
      username: 'owner',
      password,
      service: TEST_REGISTRY_SERVICE,
      scope: 'repository:demo/nginx:pull',
    });
    const answer = await api.call('POST', '/registry/token', {
      body: form.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(answer.body.error).toBe('invalid_grant');
    expect(reasons('registry login refused')).toEqual(['not yet valid']);
  });
});
