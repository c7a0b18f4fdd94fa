import { afterEach, describe, expect, it } from '@jest/globals';
import type { AuditEvent } from '../../../lambda/audit/AuditEvent.js';
import { ShortLivedSigningKeys } from '../../../lambda/registry/ShortLivedSigningKeys.js';
import type { TokenRequest } from '../../../local/iam/tokens.js';
import { NOW, OWNER, PARTNER, SHARES, shareBody } from '../../support/fixtures.js';
import { createTestRootKey, TEST_REGISTRY_SERVICE, testRegistrySettings } from '../../support/registrySigner.js';
import { createShare, shareClient } from '../../support/shareClient.js';
import { basicAuthorization, type KeyPair, passwordGrant, signedCall } from '../../support/signedCall.js';
import { injectStoreFaults } from '../../support/storeFaults.js';
import { type ApiAnswer, createTestApi, type TestApi } from '../../support/testApi.js';

/**
 * The audit trail as the handlers write it (the deployed trail's JSON lines): one event per
 * share change and per token grant through a share, of the documented shape, only once the
 * change or grant was made.
 */

const OLIVIA: TokenRequest = { ...OWNER, user: 'olivia' };
const CREDENTIALS = '/v3.0/OS-CREDENTIAL/credentials';

let api: TestApi;
afterEach(() => api?.close());

async function start(options: Parameters<typeof createTestApi>[0] = {}) {
  api = await createTestApi({ now: NOW, registry: testRegistrySettings(), ...options });
  return api;
}

/** The events one request wrote. */
async function auditedBy(request: () => Promise<ApiAnswer>): Promise<{ answer: ApiAnswer; events: AuditEvent[] }> {
  api.audit.clear();
  const answer = await request();
  return { answer, events: api.audit.events() };
}

const OLIVIA_WHO = { account: 'owner', accountId: 'owner-id', user: 'olivia', userId: 'olivia-id', subject: 'owner/olivia' };

async function pull(scope: string, as: TokenRequest) {
  const query = new URLSearchParams({ service: TEST_REGISTRY_SERVICE, scope });
  return api.call('GET', `/registry/token?${query}`, {
    headers: { Authorization: basicAuthorization(as.domain, await api.tokens.sign(as)) },
  });
}

describe('share changes', () => {
  it('each written as one event: who, with which credential, what before and after, when, in which request', async () => {
    await start();
    const olivia = shareClient(api, OLIVIA);

    const created = await auditedBy(() => olivia.create(shareBody({ access_domain: 'Partner', description: 'CI pulls' })));
    expect(created.answer.status).toBe(201);
    expect(created.events).toEqual([
      {
        audit: 'share.created',
        version: 2,
        time: NOW.toISOString(),
        requestId: created.answer.headers['X-Request-Id'],
        ...OLIVIA_WHO,
        repository: 'demo/nginx',
        credential: 'token',
        accessKeyId: null,
        sharedWith: 'Partner',
        before: null,
        after: { permit: 'read', deadline: 'forever', description: 'CI pulls' },
      },
    ]);
    // The fields in the documented order, on one line.
    expect(Object.keys(created.events[0]!)).toEqual([
      'audit',
      'version',
      'time',
      'requestId',
      'account',
      'accountId',
      'user',
      'userId',
      'subject',
      'repository',
      'credential',
      'accessKeyId',
      'sharedWith',
      'before',
      'after',
    ]);
    expect(api.audit.lines[0]).not.toContain('\n');

    api.clock.now = new Date(NOW.getTime() + 60_000);
    const updated = await auditedBy(() => olivia.update('partner', { permit: 'read', deadline: '2027-12-31' }));
    expect(updated.events).toEqual([
      expect.objectContaining({
        audit: 'share.updated',
        time: api.clock.now.toISOString(),
        requestId: updated.answer.headers['X-Request-Id'],
        sharedWith: 'partner',
        before: { permit: 'read', deadline: 'forever', description: 'CI pulls' },
        after: { permit: 'read', deadline: '2027-12-31', description: '' },
      }),
    ]);

    const revoked = await auditedBy(() => olivia.remove('PARTNER'));
    expect(revoked.answer.status).toBe(204);
    expect(revoked.events).toEqual([
      expect.objectContaining({
        audit: 'share.revoked',
        ...OLIVIA_WHO,
        repository: 'demo/nginx',
        sharedWith: 'PARTNER',
        before: { permit: 'read', deadline: '2027-12-31', description: '' },
        after: null,
      }),
    ]);
  });

  it('names the access key that signed the change', async () => {
    await start();
    const created = await api.call('POST', CREDENTIALS, {
      token: await api.tokens.sign(OLIVIA),
      body: { credential: { user_id: 'olivia-id' } },
    });
    const key = created.body.credential as KeyPair;
    const { answer, events } = await auditedBy(() => signedCall(api, 'POST', SHARES, key, { body: shareBody() }));
    expect(answer.status).toBe(201);
    expect(events).toEqual([
      expect.objectContaining({ audit: 'share.created', ...OLIVIA_WHO, credential: 'access key', accessKeyId: key.access }),
    ]);
    expect(api.audit.lines.join('\n')).not.toContain(key.secret);
  });

  it('records the terms a revived share had: its deadline passed', async () => {
    await start();
    await createShare(api, { deadline: '2026-06-20', description: 'a week' });
    api.clock.now = new Date('2026-06-25T00:00:00Z');
    const { events } = await auditedBy(() => shareClient(api, OWNER).update('partner', { permit: 'read', deadline: 'forever' }));
    expect(events).toEqual([
      expect.objectContaining({
        audit: 'share.updated',
        before: { permit: 'read', deadline: '2026-06-20', description: 'a week' },
        after: { permit: 'read', deadline: 'forever', description: '' },
      }),
    ]);
  });

  it('writes nothing for a change refused or failed', async () => {
    await start();
    const owner = shareClient(api, OWNER);
    await createShare(api);
    const refused: [string, () => Promise<ApiAnswer>][] = [
      ['invalid', () => owner.create(shareBody({ access_domain: 'other', permit: 'write' }))],
      ['no token', () => api.call('POST', SHARES, { body: shareBody({ access_domain: 'other' }) })],
      ['forbidden', () => shareClient(api, PARTNER).create(shareBody({ access_domain: 'other' }))],
      ['exists', () => owner.create(shareBody())],
      ['no such share to update', () => owner.update('nobody', { permit: 'read', deadline: 'forever' })],
      ['no such share to revoke', () => owner.remove('nobody')],
      ['a deadline whose day is over', () => owner.update('partner', { permit: 'read', deadline: '2020-01-01' })],
    ];
    for (const [what, request] of refused) {
      const { answer, events } = await auditedBy(request);
      expect({ what, status: answer.status >= 400, events }).toEqual({ what, status: true, events: [] });
    }
  });

  it('writes nothing when the store fails the write, nor when its answer is lost after it applied it', async () => {
    await start();
    await createShare(api); // the repository's roster exists: a claim is one UpdateItem
    const faults = injectStoreFaults(api.store.client);
    const owner = shareClient(api, OWNER);
    // Each change's own write: create claims a place (UpdateItem) then puts the share; update
    // claims then updates it; revoke deletes it, then gives its place back.
    const changes = [
      ['create', 2, 'PutItem', (account: string) => owner.create(shareBody({ access_domain: account }))],
      ['update', 2, 'UpdateItem', (account: string) => owner.update(account, { permit: 'read', deadline: '2099-01-01' })],
      ['revoke', 1, 'DeleteItem', (account: string) => owner.remove(account)],
    ] as const;
    for (const kind of ['refused', 'lost'] as const) {
      for (const [what, call, action, change] of changes) {
        const account = `${what}-${kind}`;
        if (what !== 'create') await createShare(api, { access_domain: account });
        const first = faults.calls.length;
        faults.failCall(call, kind);
        const { answer, events } = await auditedBy(() => change(account));
        expect({ what, kind, failed: faults.calls[first + call - 1], status: answer.status, events }).toEqual({
          what,
          kind,
          failed: action,
          status: 500,
          events: [],
        });
      }
    }
  });
});

describe('token grants', () => {
  it('writes one event per repository pulled through a share, with the share’s deadline', async () => {
    await start();
    await createShare(api, { deadline: '2027-12-31' });
    await createShare(api, {}, OWNER, SHARES.replace('nginx', 'group$app'));
    const query = new URLSearchParams({ service: TEST_REGISTRY_SERVICE });
    for (const scope of ['repository:demo/nginx:pull,push', 'repository:demo/group/app:pull', 'repository:demo/other:pull'])
      query.append('scope', scope);
    const { answer, events } = await auditedBy(async () =>
      api.call('GET', `/registry/token?${query}`, {
        headers: { Authorization: basicAuthorization('partner', await api.tokens.sign(PARTNER)) },
      }),
    );
    expect(answer.status).toBe(200);
    const at = {
      version: 2,
      time: NOW.toISOString(),
      requestId: answer.headers['X-Request-Id'],
      account: 'partner',
      accountId: 'partner-id',
      user: 'pat',
      userId: 'pat-id',
      // The token's `sub`, unique across accounts.
      subject: 'partner/pat',
    };
    expect(events).toEqual([
      { audit: 'token.granted', ...at, repository: 'demo/nginx', actions: ['pull'], shareDeadline: '2027-12-31' },
      { audit: 'token.granted', ...at, repository: 'demo/group/app', actions: ['pull'], shareDeadline: 'forever' },
    ]);
    expect(api.audit.lines.join('\n')).not.toContain(answer.body.token);
  });

  it('writes one through the OAuth2 form too', async () => {
    await start();
    await createShare(api);
    const { answer, events } = await auditedBy(async () =>
      passwordGrant(api, 'partner', await api.tokens.sign(PARTNER), 'repository:demo/nginx:pull'),
    );
    expect(answer.status).toBe(200);
    expect(events).toEqual([
      expect.objectContaining({ audit: 'token.granted', account: 'partner', repository: 'demo/nginx', actions: ['pull'] }),
    ]);
  });

  it('writes none for a grant of the caller’s own levels, an expired share, no share, an anonymous caller', async () => {
    await start();
    await createShare(api, { deadline: '2026-06-20' });
    expect((await auditedBy(() => pull('repository:demo/nginx:pull', OWNER))).events).toEqual([]);
    expect((await auditedBy(() => pull('repository:demo/other:pull', PARTNER))).events).toEqual([]);
    expect(
      (await auditedBy(() => api.call('GET', `/registry/token?service=${TEST_REGISTRY_SERVICE}&scope=repository:demo/nginx:pull`))).events,
    ).toEqual([]);
    api.clock.now = new Date('2026-06-21T00:00:00Z');
    expect((await auditedBy(() => pull('repository:demo/nginx:pull', PARTNER))).events).toEqual([]);
  });

  it('writes none when no token could be signed (503)', async () => {
    const root = createTestRootKey();
    const broken = { publicKey: root.publicKey, sign: async () => Promise.reject(new Error('KMS is unavailable')) };
    await start({ registry: { ...testRegistrySettings(), signingKeys: new ShortLivedSigningKeys(broken) } });
    await createShare(api);
    const { answer, events } = await auditedBy(() => pull('repository:demo/nginx:pull', PARTNER));
    expect(answer.status).toBe(503);
    expect(events).toEqual([]);
  });
});
