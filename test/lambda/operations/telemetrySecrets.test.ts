import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AUTH_FAILURE_REASONS } from '../../../lambda/auth/authFailureReasons.js';
import { registryLoginKey } from '../../../lambda/domain/accessKey.js';
import { TOKEN_DECISIONS } from '../../../lambda/domain/registryAccess.js';
import { FAILURE_KINDS, STATUS_CLASSES } from '../../../lambda/metrics/metricNames.js';
import { OPERATIONS } from '../../../lambda/operations/catalog.js';
import type { TokenRequest } from '../../../local/iam/tokens.js';
import { NOW, OWNER, SHARES, shareBody } from '../../support/fixtures.js';
import { TEST_REGISTRY_SERVICE, testRegistrySettings } from '../../support/registrySigner.js';
import { createShare } from '../../support/shareClient.js';
import { basicAuthorization, FORM, type KeyPair, SIGNED_HOST, signedCall } from '../../support/signedCall.js';
import { createTestApi, type TestApi } from '../../support/testApi.js';

/**
 * No token, signature, secret or password reaches a metric or an audit event, whatever
 * callers send: credentials refused and accepted, fuzzed. Every dimension value is one of
 * its closed set.
 */

const OLIVIA: TokenRequest = { ...OWNER, user: 'olivia' };
const PARTNER_KEYS: TokenRequest = { domain: 'partner', user: 'pat' };

const CLOSED_SETS: Record<string, readonly string[]> = {
  Operation: OPERATIONS,
  StatusClass: STATUS_CLASSES,
  Decision: TOKEN_DECISIONS,
  Reason: AUTH_FAILURE_REASONS,
  Kind: FAILURE_KINDS,
};

let api: TestApi;
let ownerKey: KeyPair;
let partnerKey: KeyPair;

async function createKey(as: TokenRequest): Promise<KeyPair> {
  const answer = await api.call('POST', '/v3.0/OS-CREDENTIAL/credentials', {
    token: await api.tokens.sign(as),
    body: { credential: { user_id: `${as.user}-id` } },
  });
  return answer.body.credential as KeyPair;
}

beforeAll(async () => {
  api = await createTestApi({ now: NOW, registry: testRegistrySettings() });
  ownerKey = await createKey(OLIVIA);
  partnerKey = await createKey(PARTNER_KEYS);
  await createShare(api, { access_domain: 'partner' });
});
afterAll(() => api.close());

/** Long enough that it cannot turn up in a line by chance; as a credential would look. */
const credentialText = fc.stringMatching(/^[\w+/=.~-]{24,80}$/);
/** A header name a client may list as signed. */
const headerName = fc.stringMatching(/^x-[a-z0-9-]{20,40}$/);

function expectClean(secrets: readonly string[]) {
  const lines = [...api.emf.lines, ...api.audit.lines];
  for (const secret of secrets) {
    for (const line of lines) expect(line.includes(secret) ? { secret, line } : undefined).toBeUndefined();
  }
  for (const { dimensions } of api.emf.emitted()) {
    for (const [name, value] of Object.entries(dimensions)) expect(CLOSED_SETS[name]).toContain(value);
  }
}

describe('metrics and audit events', () => {
  it('never carry a credential refused: a token, a signature, a header name, a password (property)', async () => {
    await fc.assert(
      fc.asyncProperty(credentialText, credentialText, headerName, async (token, signature, header) => {
        api.emf.clear();
        api.audit.clear();
        expect((await api.call('GET', SHARES, { token })).status).toBe(401);
        const sdkHeaders = { host: SIGNED_HOST, 'X-Sdk-Date': '20260615T120000Z' };
        for (const signedHeaders of ['host;x-sdk-date', `host;x-sdk-date;${header}`]) {
          const authorization = `SDK-HMAC-SHA256 Access=${ownerKey.access}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
          expect((await api.call('DELETE', `${SHARES}/partner`, { headers: { ...sdkHeaders, Authorization: authorization } })).status).toBe(
            401,
          );
        }
        const registry = `/registry/token?service=${TEST_REGISTRY_SERVICE}&scope=repository:demo/nginx:pull`;
        expect((await api.call('GET', registry, { headers: { Authorization: basicAuthorization('partner', token) } })).status).toBe(401);
        expect(
          (
            await api.call('GET', registry, {
              headers: { Authorization: basicAuthorization(`cn-north-4@${partnerKey.access}`, signature) },
            })
          ).status,
        ).toBe(401);
        const form = new URLSearchParams({ grant_type: 'password', username: 'partner', password: token, service: TEST_REGISTRY_SERVICE });
        expect((await api.call('POST', '/registry/token', { headers: FORM, body: form.toString() })).status).toBe(400);
        expect(api.emf.named('AuthFailures')).toHaveLength(6);
        expectClean([token, signature, header]);
      }),
      { numRuns: 30 },
    );
  });

  it('never carry a credential accepted: the token, the signature, the secret key, the login key, the registry token (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (description) => {
        api.emf.clear();
        api.audit.clear();
        const token = await api.tokens.sign(OLIVIA);
        const created = await api.call('POST', SHARES, { token, body: shareBody({ access_domain: 'fuzzed', description }) });
        expect(created.status).toBe(201);
        const updated = await signedCall(api, 'PATCH', `${SHARES}/fuzzed`, ownerKey, {
          body: { permit: 'read', deadline: 'forever', description },
        });
        expect(updated.status).toBe(201);
        const loginKey = registryLoginKey(partnerKey.access, partnerKey.secret);
        const granted = await api.call('GET', `/registry/token?service=${TEST_REGISTRY_SERVICE}&scope=repository:demo/nginx:pull`, {
          headers: { Authorization: basicAuthorization(`cn-north-4@${partnerKey.access}`, loginKey) },
        });
        expect(granted.status).toBe(200);
        const revoked = await signedCall(api, 'DELETE', `${SHARES}/fuzzed`, ownerKey);
        expect(revoked.status).toBe(204);

        const signatures = [updated.authorization, revoked.authorization].map(
          (authorization) => /Signature=(\w+)/.exec(authorization)![1]!,
        );
        expectClean([token, ...signatures, ownerKey.secret, partnerKey.secret, loginKey, granted.body.token]);
        // The description is the owner's own text, kept as sent, one line whatever it holds.
        const events = api.audit.events();
        expect(events.map(({ audit }) => audit)).toEqual(['share.created', 'share.updated', 'token.granted', 'share.revoked']);
        expect(api.audit.lines.every((line) => !line.includes('\n'))).toBe(true);
        expect(events[1]).toMatchObject({ before: { description }, after: { description } });
      }),
      { numRuns: 25 },
    );
  });
});
