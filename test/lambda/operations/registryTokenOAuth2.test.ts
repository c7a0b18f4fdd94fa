import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { issueRootCertificate } from '../../../lambda/registry/rootCertificate.js';
import type { TokenRequest } from '../../../local/iam/tokens.js';
import { NOW, OWNER, PARTNER, sharesPath } from '../../support/fixtures.js';
import { createTestRootKey, TEST_REGISTRY_SERVICE, testRegistrySettings } from '../../support/registrySigner.js';
import { verifyChainedToken } from '../../support/registryTokenChain.js';
import { FORM } from '../../support/signedCall.js';
import { createShare } from '../../support/shareClient.js';
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

/** `POST /registry/token` as containerd sends it. */
function post(fields: Record<string, string>, headers: Record<string, string> = FORM): Promise<ApiAnswer> {
  return api.call('POST', '/registry/token', { body: new URLSearchParams(fields).toString(), headers });
}

async function passwordGrant(as: TokenRequest, scope: string, extra: Record<string, string> = {}): Promise<ApiAnswer> {
  const password = await api.tokens.sign(as);
  return post({
    grant_type: 'password',
    username: as.domain,
    password,
    service: TEST_REGISTRY_SERVICE,
    scope,
    client_id: 'containerd-client',
    ...extra,
  });
}

async function claimsOf(answer: ApiAnswer) {
  expect(answer.status).toBe(200);
  return (await verifyChainedToken(answer.body.access_token, rootCertificate, api.clock.now)).claims;
}

function expectOAuth2Error(answer: ApiAnswer, error: string) {
  expect(answer.status).toBe(400);
  expect(answer.body).toEqual({ error, error_description: expect.any(String) });
  expect(answer.headers['Cache-Control']).toBe('no-store');
}

describe('the OAuth2 form of the token endpoint', () => {
  it('answers a password grant with access_token, token_type, expires_in, issued_at and the granted scope', async () => {
    await createShare(api, {}, OWNER, sharesPath('nginx'));
    const answer = await passwordGrant(PARTNER, 'repository:demo/nginx:pull,push repository:demo/other:pull');
    expect(answer.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 300,
      issued_at: NOW.toISOString(),
      scope: 'repository:demo/nginx:pull',
    });
    expect((await claimsOf(answer)).access).toEqual([{ type: 'repository', name: 'demo/nginx', actions: ['pull'] }]);
  });

  it('applies the same rules as the GET form: no share, no pull', async () => {
    const answer = await passwordGrant(PARTNER, 'repository:demo/nginx:pull');
    expect((await claimsOf(answer)).access).toEqual([]);
    expect(answer.body.scope).toBe('');
  });

  it('takes several scopes separated by spaces, and no scope at all (a login)', async () => {
    const answer = await passwordGrant(OWNER, 'repository:demo/a:pull repository:demo/b:push');
    expect((await claimsOf(answer)).access).toEqual([
      { type: 'repository', name: 'demo/a', actions: ['pull'] },
      { type: 'repository', name: 'demo/b', actions: ['push'] },
    ]);
    expect((await claimsOf(await passwordGrant(OWNER, ''))).access).toEqual([]);
  });

  it('never lets a token be cached, errors included', async () => {
    const granted = await passwordGrant(OWNER, 'repository:demo/a:pull');
    expect(granted.headers).toMatchObject({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    const refused = await post({ grant_type: 'password', username: 'x', password: 'wrong', service: TEST_REGISTRY_SERVICE });
    expect(refused.headers).toMatchObject({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  });

  it('issues no token that outlives the API token it was obtained with', async () => {
    const answer = await passwordGrant({ ...OWNER, expiresInSeconds: 90 }, 'repository:demo/a:pull');
    expect(answer.body.expires_in).toBe(90);
    const claims = await claimsOf(answer);
    expect(claims.exp).toBe(NOW.getTime() / 1000 + 90);
  });
});

describe('refusals, in the OAuth2 error format', () => {
  it('an unsupported grant_type, refresh_token included: unsupported_grant_type', async () => {
    expectOAuth2Error(
      await post({ grant_type: 'refresh_token', refresh_token: 'x', service: TEST_REGISTRY_SERVICE }),
      'unsupported_grant_type',
    );
    expectOAuth2Error(await post({ grant_type: 'client_credentials', service: TEST_REGISTRY_SERVICE }), 'unsupported_grant_type');
  });

  it('wrong credentials: invalid_grant, which the password or token never appears in', async () => {
    const answer = await post({ grant_type: 'password', username: 'owner', password: 'not-a-token', service: TEST_REGISTRY_SERVICE });
    expectOAuth2Error(answer, 'invalid_grant');
    expect(answer.rawBody).not.toContain('not-a-token');
  });

  it('a missing field, a field given twice, an unknown service or too many scopes: invalid_request', async () => {
    expectOAuth2Error(await post({ grant_type: 'password', service: TEST_REGISTRY_SERVICE }), 'invalid_request');
    expectOAuth2Error(await post({ grant_type: 'password', username: 'u', password: 'p' }), 'invalid_request');
    expectOAuth2Error(await post({}), 'invalid_request');
    const twice = await api.call('POST', '/registry/token', { body: 'grant_type=password&grant_type=password&service=x', headers: FORM });
    expectOAuth2Error(twice, 'invalid_request');
    const password = await api.tokens.sign(OWNER);
    expectOAuth2Error(await post({ grant_type: 'password', username: 'owner', password, service: 'elsewhere' }), 'invalid_request');
    const scopes = Array.from({ length: 33 }, (_, i) => `repository:demo/r${i}:pull`).join(' ');
    expectOAuth2Error(
      await post({ grant_type: 'password', username: 'owner', password, service: TEST_REGISTRY_SERVICE, scope: scopes }),
      'invalid_request',
    );
  });

  it('a body that is not a form: invalid_request with status 400, not a 415', async () => {
    const answer = await api.call('POST', '/registry/token', { body: { grant_type: 'password' } });
    expectOAuth2Error(answer, 'invalid_request');
    expect(answer.body.error_description).toContain('application/x-www-form-urlencoded');
    expectOAuth2Error(await api.call('POST', '/registry/token', { body: '', headers: FORM }), 'invalid_request');
  });
});
