import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { accountKey, repositoryKey } from '../../../lambda/store/tableDesign.js';
import type { TokenRequest } from '../../../local/iam/tokens.js';
import { expectError, NOW, OWNER, sharesPath } from '../../support/fixtures.js';
import { createShare, shareClient } from '../../support/shareClient.js';
import { type ApiAnswer, createTestApi, type TestApi } from '../../support/testApi.js';

const OTHER_OWNER: TokenRequest = { domain: 'Other-Owner', namespaces: { tools: 'manage' } };
const PARTNER: TokenRequest = { domain: 'partner' };

let api: TestApi;

beforeEach(async () => {
  api = await createTestApi({ now: NOW, registryAddress: 'registry.example.com' });
});
afterEach(() => api.close());

const share = (by: TokenRequest, namespace: string, repository: string, body: Record<string, unknown> = {}) =>
  createShare(api, body, by, sharesPath(repository, namespace));

async function list(as: TokenRequest, query: string): Promise<ApiAnswer> {
  return api.call('GET', `/v2/manage/shared-repositories?${query}`, { token: await api.tokens.sign(as) });
}

const names = (answer: ApiAnswer) => answer.body.map((repo: { path: string; domain_name: string }) => `${repo.path} ${repo.domain_name}`);

describe('center=thirdparty: the repositories shared with my account', () => {
  it('lists every share for the account, from any owner, with the owning account', async () => {
    await share(OWNER, 'demo', 'nginx', { description: 'CI pulls', deadline: '2026-12-31' });
    await share(OTHER_OWNER, 'tools', 'group$app');
    await share(OWNER, 'demo', 'redis', { access_domain: 'stranger' });

    const answer = await list(PARTNER, 'center=thirdparty');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      {
        namespace: 'demo',
        name: 'nginx',
        path: 'registry.example.com/demo/nginx',
        domain_name: 'owner',
        permit: 'read',
        deadline: '2026-12-31',
        description: 'CI pulls',
        status: true,
        created: NOW.toISOString(),
        updated: NOW.toISOString(),
        created_at: NOW.toISOString(),
        updated_at: NOW.toISOString(),
      },
      expect.objectContaining({
        namespace: 'tools',
        name: 'group/app',
        path: 'registry.example.com/tools/group/app',
        domain_name: 'Other-Owner',
      }),
    ]);
    expect(answer.headers['Content-Range']).toBe('0-1/2');
  });

  it('finds shares made for the account under another spelling of its name', async () => {
    await share(OWNER, 'demo', 'nginx', { access_domain: 'PaRtNeR' });
    expect(names(await list({ domain: 'PARTNER' }, 'center=thirdparty'))).toEqual(['registry.example.com/demo/nginx owner']);
  });

  it('shows an expired share that is still retained with status false, and forgets a revoked one', async () => {
    await share(OWNER, 'demo', 'nginx', { deadline: '2026-06-15' });
    await share(OWNER, 'demo', 'redis');
    expect((await shareClient(api, OWNER, sharesPath('redis')).remove('partner')).status).toBe(204);
    api.clock.now = new Date('2026-06-20T00:00:00Z');
    const answer = await list(PARTNER, 'center=thirdparty');
    expect(answer.body).toEqual([expect.objectContaining({ name: 'nginx', status: false })]);
  });

  it('leaves out shares past their removal time', async () => {
    await share(OWNER, 'demo', 'nginx', { deadline: '2026-06-15' });
    api.clock.now = new Date('2027-06-15T00:00:00Z');
    expect((await list(PARTNER, 'center=thirdparty')).body).toEqual([]);
  });

  it('reads shares written before the owning account was recorded, without an owner', async () => {
    const pk = repositoryKey('legacy', 'app');
    const sk = accountKey('partner');
    await api.store.documentClient.send(
      new PutCommand({
        TableName: api.store.tableName,
        Item: {
          pk,
          sk,
          byAccountPk: sk,
          byAccountSk: pk,
          namespace: 'legacy',
          repository: 'app',
          accessDomain: 'partner',
          permit: 'read',
          deadline: 'forever',
          description: '',
          creatorId: 'old-id',
          creatorName: 'old',
          created: NOW.toISOString(),
          updated: NOW.toISOString(),
        },
      }),
    );
    expect(names(await list(PARTNER, 'center=thirdparty'))).toEqual(['registry.example.com/legacy/app ']);
    expect((await list({ domain: 'old' }, 'center=self')).body).toEqual([]);
  });
});

describe('center=self: the shares my account has made', () => {
  it('lists them with the account each is shared with, and nothing made by others', async () => {
    await share(OWNER, 'demo', 'nginx');
    await share(OWNER, 'demo', 'nginx', { access_domain: 'another' });
    await share(OTHER_OWNER, 'tools', 'app');
    const answer = await list(OWNER, 'center=self');
    expect(names(answer)).toEqual(['registry.example.com/demo/nginx another', 'registry.example.com/demo/nginx partner']);
    expect(names(await list({ domain: 'OTHER-owner' }, 'center=self'))).toEqual(['registry.example.com/tools/app partner']);
  });

  it('is the account’s view: another user of the account, without any namespace level, sees it too', async () => {
    await share(OWNER, 'demo', 'nginx');
    expect((await list({ domain: 'owner', user: 'auditor' }, 'center=self')).body).toHaveLength(1);
  });
});

describe('filters and paging', () => {
  beforeEach(async () => {
    for (const repository of ['a-one', 'b-two', 'c-one', 'd-two', 'e-one']) await share(OWNER, 'demo', repository);
    await share(OTHER_OWNER, 'tools', 'f-one');
  });

  it('filters by namespace exactly and by repository name in part', async () => {
    expect((await list(PARTNER, 'center=thirdparty&namespace=tools')).body.map((r: { name: string }) => r.name)).toEqual(['f-one']);
    expect((await list(PARTNER, 'center=thirdparty&name=one')).body.map((r: { name: string }) => r.name)).toEqual([
      'a-one',
      'c-one',
      'e-one',
      'f-one',
    ]);
    expect((await list(PARTNER, 'center=thirdparty&namespace=demo&name=two')).headers['Content-Range']).toBe('0-1/2');
  });

  it('pages with limit and offset, and says which part of how many it answers', async () => {
    const second = await list(PARTNER, 'center=thirdparty&limit=2&offset=2');
    expect(second.body.map((r: { name: string }) => r.name)).toEqual(['c-one', 'd-two']);
    expect(second.headers['Content-Range']).toBe('2-3/6');
    const last = await list(PARTNER, 'center=thirdparty&limit=4&offset=4');
    expect(last.body.map((r: { name: string }) => r.name)).toEqual(['e-one', 'f-one']);
    expect(last.headers['Content-Range']).toBe('4-5/6');
  });

  it('answers an empty page past the end', async () => {
    const answer = await list(PARTNER, 'center=thirdparty&offset=10');
    expect(answer.body).toEqual([]);
    expect(answer.headers['Content-Range']).toBe('*/6');
  });
});

describe('bad requests', () => {
  it('needs a valid token', async () => {
    expectError(await api.call('GET', '/v2/manage/shared-repositories?center=self'), 401, 'SVCSTG.SWR.4010000');
  });

  it.each([
    ['no center', '', 400, 'SVCSTG.SWR.4001014'],
    ['no center, other parameters', 'namespace=demo', 400, 'SVCSTG.SWR.4001014'],
    ['an unknown center', 'center=everyone', 400, 'SVCSTG.SWR.4000014'],
    ['a limit that is not a number', 'center=self&limit=ten', 400, 'SVCSTG.SWR.4000014'],
    ['a negative offset', 'center=self&offset=-1', 400, 'SVCSTG.SWR.4000014'],
    ['an invalid namespace', 'center=self&namespace=Demo!', 400, 'SVCSTG.SWR.4001028'],
  ])('%s (?%s): %d %s', async (_what, query, status, code) => {
    expectError(await list(PARTNER, query), status, code);
  });
});

describe('store failures', () => {
  it('answer a generic 500 that reveals nothing', async () => {
    const token = await api.tokens.sign(PARTNER);
    await api.store.close();
    const answer = await api.call('GET', '/v2/manage/shared-repositories?center=thirdparty', { token });
    expectError(answer, 500, 'SVCSTG.SWR.5000092');
    expect(answer.rawBody).not.toMatch(/shares-|Exception|at |ECONNREFUSED|dynamo/i);
    api = await createTestApi({ now: NOW }); // for afterEach
  });
});
