import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { ShareAnswer as ShareView } from '../../../lambda/schemas/answers.js';
import { expectError, NOW, shareBody, sharesPath } from '../../support/fixtures.js';
import { type ShareClient, shareClient } from '../../support/shareClient.js';
import { createTestApi, type TestApi } from '../../support/testApi.js';

const LATER = new Date('2026-06-15T13:30:00.250Z');
const OLIVIA = { domain: 'owner', user: 'Olivia', namespaces: { demo: 'manage', other: 'manage' } } as const;
const OSCAR = { domain: 'owner', user: 'oscar', namespaces: { demo: 'manage' } } as const;

/** The share object of a share Olivia created at NOW, with `fields` changed. */
function shareView(fields: Partial<ShareView> = {}): ShareView {
  return {
    namespace: 'demo',
    repository: 'nginx',
    access_domain: 'partner',
    permit: 'read',
    deadline: 'forever',
    description: '',
    creator_id: 'olivia-id',
    creator_name: 'Olivia',
    created: NOW.toISOString(),
    updated: NOW.toISOString(),
    status: true,
    last_used_at: null,
    last_used_by: null,
    ...fields,
  };
}

const byAccessDomain = (a: ShareView, b: ShareView) => (a.access_domain < b.access_domain ? -1 : 1);

let api: TestApi;
let olivia: ShareClient;

beforeEach(async () => {
  api = await createTestApi({ now: NOW });
  olivia = shareClient(api, OLIVIA);
});
afterEach(() => api.close());

async function createShare(client: ShareClient, fields: Record<string, unknown> = {}): Promise<void> {
  const answer = await client.create(shareBody(fields));
  expect(answer.status).toBe(201);
}

describe('GET access-domains (list)', () => {
  it('answers a JSON array of every share of the repository, each as the share object of docs/access-domains.md §4', async () => {
    await createShare(olivia, { description: 'pull for CI' });
    await createShare(olivia, { access_domain: 'Partner-2', deadline: '2026-07-01T08:30:00.5Z' });

    const answer = await olivia.list();

    expect(answer.status).toBe(200);
    expect(answer.headers['Content-Type']).toBe('application/json');
    expect(Array.isArray(answer.body)).toBe(true);
    expect([...answer.body].sort(byAccessDomain)).toStrictEqual([
      shareView({ access_domain: 'Partner-2', deadline: '2026-07-01T08:30:00.5Z' }),
      shareView({ description: 'pull for CI' }),
    ]);
  });

  it('lists only the shares of that repository', async () => {
    await createShare(olivia);
    await createShare(shareClient(api, OLIVIA, sharesPath('nginx-extra')), { access_domain: 'extra' });
    await createShare(shareClient(api, OLIVIA, sharesPath('nginx', 'other')), { access_domain: 'elsewhere' });
    await createShare(shareClient(api, OLIVIA, sharesPath('nginx$app')), { access_domain: 'nested' });

    const answer = await olivia.list();

    expect(answer.body.map((share: ShareView) => share.access_domain)).toEqual(['partner']);
  });

  it('answers an empty array for a repository without shares', async () => {
    const answer = await olivia.list();
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([]);
  });

  it('lists all of 120 shares', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `account-${String(i).padStart(3, '0')}`);
    for (let start = 0; start < names.length; start += 20) {
      await Promise.all(names.slice(start, start + 20).map((name) => createShare(olivia, { access_domain: name })));
    }

    const answer = await olivia.list();

    expect(answer.body.map((share: ShareView) => share.access_domain).sort()).toEqual(names);
  });
});

describe('GET access-domains/{access_domain} (show)', () => {
  it('answers exist: true and the share object', async () => {
    await createShare(olivia, { deadline: '2026-06-20T00:00:00Z', description: 'mirror' });

    const answer = await olivia.show('partner');

    expect(answer.status).toBe(200);
    expect(answer.headers['Content-Type']).toBe('application/json');
    expect(answer.body).toStrictEqual({
      exist: true,
      ...shareView({ deadline: '2026-06-20T00:00:00Z', description: 'mirror' }),
    });
  });

  it('answers 200 {"exist": false} when there is no such share', async () => {
    await createShare(olivia);

    const answer = await olivia.show('stranger');

    expect(answer.status).toBe(200);
    expect(answer.body).toStrictEqual({ exist: false });
  });

  it('finds the share whatever the case of the account in the path, and shows it as first sent', async () => {
    await createShare(olivia, { access_domain: 'Partner' });

    for (const accessDomain of ['PARTNER', 'partner', 'Partner']) {
      const answer = await olivia.show(accessDomain);
      expect(answer.body).toStrictEqual({ exist: true, ...shareView({ access_domain: 'Partner' }) });
    }
  });
});

describe('PATCH access-domains/{access_domain} (update)', () => {
  it('answers 201 {} and sets the terms; updated moves, created and the creator stay', async () => {
    await createShare(olivia, { description: 'first' });
    api.clock.now = LATER;

    const answer = await shareClient(api, OSCAR).update('partner', {
      permit: 'read',
      deadline: '2026-12-31T00:00:00Z',
      description: 'second',
    });

    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({});
    expect(answer.headers['Content-Type']).toBe('application/json');
    expect((await olivia.show('partner')).body).toStrictEqual({
      exist: true,
      ...shareView({ deadline: '2026-12-31T00:00:00Z', description: 'second', updated: LATER.toISOString() }),
    });
  });

  it('sets the description to "" when the body leaves it out', async () => {
    await createShare(olivia, { description: 'to be cleared' });

    const answer = await olivia.update('partner', { permit: 'read', deadline: 'forever' });

    expect(answer.status).toBe(201);
    expect((await olivia.show('partner')).body.description).toBe('');
  });

  it('finds the share whatever the case of the account in the path, and keeps the name as first sent', async () => {
    await createShare(olivia);

    const answer = await olivia.update('PARTNER', { permit: 'read', deadline: '2027-01-01', description: 'x' });

    expect(answer.status).toBe(201);
    expect((await olivia.list()).body).toStrictEqual([shareView({ deadline: '2027-01-01', description: 'x' })]);
  });

  it('answers 404 SVCSTG.SWR.4040089 for a share that does not exist, and creates nothing', async () => {
    await createShare(olivia);

    const answer = await olivia.update('stranger', { permit: 'read', deadline: 'forever' });

    expectError(answer, 404, 'SVCSTG.SWR.4040089');
    expect((await olivia.show('stranger')).body).toStrictEqual({ exist: false });
  });

  it.each([
    ['a day that does not exist', { permit: 'read', deadline: '2027-02-30' }, 400, 'SVCSTG.SWR.4000014'],
    ['a deadline in another format', { permit: 'read', deadline: '31/12/2027' }, 400, 'SVCSTG.SWR.4000014'],
    ['a timestamp with an offset', { permit: 'read', deadline: '2027-01-01T00:00:00+01:00' }, 400, 'SVCSTG.SWR.4000014'],
    ['a deadline whose day is over', { permit: 'read', deadline: '2026-06-14' }, 400, 'SVCSTG.SWR.4000014'],
    ['permit READ', { permit: 'READ', deadline: 'forever' }, 400, 'SVCSTG.SWR.4001091'],
    ['an access_domain field', { access_domain: 'partner', permit: 'read', deadline: 'forever' }, 400, 'SVCSTG.SWR.4000014'],
    ['an unknown field', { permit: 'read', deadline: 'forever', expires: 'never' }, 400, 'SVCSTG.SWR.4000014'],
    ['no deadline', { permit: 'read' }, 400, 'SVCSTG.SWR.4001014'],
    [
      'a description of 1,001 characters',
      { permit: 'read', deadline: 'forever', description: 'x'.repeat(1001) },
      413,
      'SVCSTG.SWR.4131012',
    ],
  ])('refuses %s and leaves the share as it was', async (_case, body, status, code) => {
    await createShare(olivia, { deadline: '2026-07-01', description: 'kept' });
    api.clock.now = LATER;

    expectError(await olivia.update('partner', body), status, code);

    expect((await olivia.show('partner')).body).toStrictEqual({
      exist: true,
      ...shareView({ deadline: '2026-07-01', description: 'kept' }),
    });
  });
});

describe('DELETE access-domains/{access_domain}', () => {
  it('answers 204 with no body; the share is gone and a second delete answers 404', async () => {
    await createShare(olivia);
    await createShare(olivia, { access_domain: 'keeper' });

    const answer = await olivia.remove('partner');

    expect(answer.status).toBe(204);
    expect(answer.rawBody).toBe('');
    expect(answer.headers['Content-Type']).toBeUndefined();
    expect(answer.headers['X-Request-Id']).toBeTruthy();
    expect((await olivia.show('partner')).body).toStrictEqual({ exist: false });
    expect((await olivia.list()).body).toStrictEqual([shareView({ access_domain: 'keeper' })]);
    expectError(await olivia.remove('partner'), 404, 'SVCSTG.SWR.4040089');
  });

  it('finds the share whatever the case of the account in the path', async () => {
    await createShare(olivia);

    expect((await olivia.remove('PARTNER')).status).toBe(204);
    expect((await olivia.show('partner')).body).toStrictEqual({ exist: false });
  });

  it('lets the share be created again afterwards', async () => {
    await createShare(olivia, { description: 'old' });
    await olivia.remove('partner');
    api.clock.now = LATER;

    await createShare(shareClient(api, OSCAR), { access_domain: 'PARTNER' });

    expect((await olivia.show('partner')).body).toStrictEqual({
      exist: true,
      ...shareView({
        access_domain: 'PARTNER',
        creator_id: 'oscar-id',
        creator_name: 'oscar',
        created: LATER.toISOString(),
        updated: LATER.toISOString(),
      }),
    });
  });
});

describe('repository names in the path', () => {
  it('accepts repos as an alias of repositories for every operation', async () => {
    const viaAlias = shareClient(api, OLIVIA, sharesPath('nginx', 'demo', 'repos'));

    expect((await viaAlias.create(shareBody())).status).toBe(201);
    expect((await olivia.list()).body).toStrictEqual([shareView()]);
    expect((await viaAlias.list()).body).toStrictEqual([shareView()]);
    expect((await viaAlias.show('partner')).body).toStrictEqual({ exist: true, ...shareView() });
    expect((await viaAlias.update('partner', { permit: 'read', deadline: '2027-01-01' })).status).toBe(201);
    expect((await olivia.show('partner')).body.deadline).toBe('2027-01-01');
    expect((await viaAlias.remove('partner')).status).toBe(204);
    expect((await olivia.show('partner')).body).toStrictEqual({ exist: false });
  });

  it('reads $ in a repository name as /, in plain and percent-encoded form, and shows the name with /', async () => {
    const plain = shareClient(api, OLIVIA, sharesPath('group$app'));
    const encoded = shareClient(api, OLIVIA, sharesPath('group%24app'));
    const nested = shareView({ repository: 'group/app' });

    await createShare(plain);

    expect((await plain.list()).body).toStrictEqual([nested]);
    expect((await encoded.list()).body).toStrictEqual([nested]);
    expect((await encoded.show('partner')).body).toStrictEqual({ exist: true, ...nested });
    expect((await shareClient(api, OLIVIA, sharesPath('groupapp')).list()).body).toEqual([]);
    expect((await encoded.update('partner', { permit: 'read', deadline: '2027-01-01' })).status).toBe(201);
    expect((await plain.show('partner')).body.deadline).toBe('2027-01-01');
    expect((await encoded.remove('partner')).status).toBe(204);
    expect((await plain.list()).body).toEqual([]);
  });
});
