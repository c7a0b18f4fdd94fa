import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { expectError, NOW, SHARES, shareBody, sharesPath } from '../../support/fixtures.js';
import { createTestApi, type TestApi } from '../../support/testApi.js';

const validBody = shareBody();

let api: TestApi;
let ownerToken: string;

beforeAll(async () => {
  api = await createTestApi({ now: NOW });
  ownerToken = await api.tokens.sign({ domain: 'owner', user: 'olivia', namespaces: { demo: 'manage' } });
});
afterAll(() => api.close());
beforeEach(() => {
  api.clock.now = NOW;
});

let repositoryCount = 0;
/** A repository of its own for each test, so that tests do not see each other's shares. */
function freshRepository() {
  repositoryCount += 1;
  const repository = `app${repositoryCount}`;
  return { repository, path: sharesPath(repository) };
}
const freshPath = () => freshRepository().path;

function create(body: unknown, options: { path?: string; token?: string; headers?: Record<string, string> } = {}) {
  return api.call('POST', options.path ?? freshPath(), {
    token: options.token ?? ownerToken,
    body,
    ...(options.headers && { headers: options.headers }),
  });
}

describe('POST access-domains: success', () => {
  it('answers 201 {} and keeps who created the share and when', async () => {
    const answer = await api.call('POST', SHARES, { token: ownerToken, body: validBody });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({});
    expect(answer.headers['Content-Type']).toBe('application/json');
    expect(answer.headers['X-Request-Id']).toBeTruthy();
    const stored = await api.store.store.getShare({ namespace: 'demo', repository: 'nginx', accessDomain: 'PARTNER' }, NOW);
    expect(stored).toMatchObject({
      accessDomain: 'partner',
      permit: 'read',
      deadline: 'forever',
      description: '',
      creatorId: 'olivia-id',
      creatorName: 'olivia',
      created: NOW.toISOString(),
      updated: NOW.toISOString(),
      activeUntil: undefined,
      removeAt: undefined,
    });
  });

  it('stores the deadline as sent, with its expiry and removal times', async () => {
    const { path, repository } = freshRepository();
    const deadline = '2026-07-01T00:00:00Z';
    expect((await create({ ...validBody, deadline, description: 'for CI' }, { path })).status).toBe(201);
    const stored = await api.store.store.getShare({ namespace: 'demo', repository, accessDomain: 'partner' }, NOW);
    expect(stored?.deadline).toBe(deadline);
    expect(stored?.description).toBe('for CI');
    expect(stored?.activeUntil).toBe(Date.parse('2026-07-02T00:00:00Z') / 1000);
    expect(stored?.removeAt).toBe(Date.parse('2026-08-01T00:00:00Z') / 1000);
  });

  it.each([
    ['a date', '2026-06-15'],
    ['today', '2026-06-15'],
    ['a timestamp earlier today', '2026-06-15T00:00:00Z'],
    ['a timestamp with milliseconds', '2027-01-01T10:00:00.5Z'],
  ])('accepts %s as deadline', async (_what, deadline) => {
    expect((await create({ ...validBody, deadline })).status).toBe(201);
  });

  it('accepts the charset parameter in any case and order', async () => {
    for (const contentType of ['application/json;charset=utf-8', 'Application/JSON; Charset=UTF-8', 'application/json ; charset="utf-8"']) {
      expect((await create(validBody, { headers: { 'Content-Type': contentType } })).status).toBe(201);
    }
  });

  it('reads the header names in any case', async () => {
    const answer = await api.call('POST', freshPath(), {
      body: validBody,
      headers: { 'x-auth-token': ownerToken, 'CONTENT-TYPE': 'application/json' },
    });
    expect(answer.status).toBe(201);
  });

  it('accepts a description of exactly 1,000 code points, emoji included', async () => {
    expect((await create({ ...validBody, description: '😀'.repeat(1000) })).status).toBe(201);
  });

  it('accepts the repos alias and $ for / in repository names', async () => {
    const answer = await api.call('POST', '/v2/manage/namespaces/demo/repos/group$web/access-domains', {
      token: ownerToken,
      body: validBody,
    });
    expect(answer.status).toBe(201);
    const stored = await api.store.store.getShare({ namespace: 'demo', repository: 'group/web', accessDomain: 'partner' }, NOW);
    expect(stored?.repository).toBe('group/web');
  });
});

describe('POST access-domains: duplicates', () => {
  it('answers 409 for a share in force, whatever the case of the account', async () => {
    const path = freshPath();
    expect((await create(validBody, { path })).status).toBe(201);
    expectError(await create(validBody, { path }), 409, 'SVCSTG.SWR.4090089');
    expectError(await create({ ...validBody, access_domain: 'PARTNER' }, { path }), 409, 'SVCSTG.SWR.4090089');
  });

  it('keeps the first share untouched when a duplicate is refused', async () => {
    const { path, repository } = freshRepository();
    await create({ ...validBody, description: 'first' }, { path });
    await create({ ...validBody, description: 'second' }, { path });
    const stored = await api.store.store.getShare({ namespace: 'demo', repository, accessDomain: 'partner' }, NOW);
    expect(stored?.description).toBe('first');
  });

  it('shares one repository with many accounts, and one account with many repositories', async () => {
    const path = freshPath();
    expect((await create({ ...validBody, access_domain: 'one' }, { path })).status).toBe(201);
    expect((await create({ ...validBody, access_domain: 'two' }, { path })).status).toBe(201);
    expect((await create({ ...validBody, access_domain: 'one' })).status).toBe(201);
  });
});

describe('POST access-domains: authentication (401)', () => {
  it.each([
    ['no token', undefined],
    ['an empty token', ''],
    ['garbage', 'not-a-jwt'],
    ['three dots', '...'],
  ])('refuses %s', async (_what, token) => {
    const answer = await api.call('POST', freshPath(), { ...(token !== undefined && { token }), body: validBody });
    expectError(answer, 401, 'SVCSTG.SWR.4010000');
  });

  it('authenticates before it validates', async () => {
    const answer = await api.call('POST', '/v2/manage/namespaces/BAD/repositories/x/access-domains', {
      token: 'nope',
      body: '{not json',
    });
    expectError(answer, 401, 'SVCSTG.SWR.4010000');
  });

  it('never echoes the token', async () => {
    const answer = await api.call('POST', freshPath(), { token: 'secret-token-value', body: validBody });
    expect(answer.rawBody).not.toContain('secret-token-value');
  });
});

describe('POST access-domains: validation (400, 413, 415)', () => {
  it.each([
    ['an invalid namespace', '/v2/manage/namespaces/Demo/repositories/nginx/access-domains', 'SVCSTG.SWR.4001028'],
    ['a namespace with ___', '/v2/manage/namespaces/a___b/repositories/nginx/access-domains', 'SVCSTG.SWR.4001028'],
    ['a 65-character namespace', `/v2/manage/namespaces/${'a'.repeat(65)}/repositories/nginx/access-domains`, 'SVCSTG.SWR.4001028'],
    ['an invalid repository', '/v2/manage/namespaces/demo/repositories/Nginx/access-domains', 'SVCSTG.SWR.4001029'],
    ['a repository ending in $', '/v2/manage/namespaces/demo/repositories/nginx$/access-domains', 'SVCSTG.SWR.4001029'],
    ['a malformed percent-escape', '/v2/manage/namespaces/demo/repositories/ngi%zznx/access-domains', 'SVCSTG.SWR.4001029'],
  ])('refuses %s', async (_what, path, code) => {
    expectError(await create(validBody, { path }), 400, code);
  });

  it('checks the namespace before the body', async () => {
    const answer = await create({ permit: 'nope' }, { path: '/v2/manage/namespaces/-x/repositories/nginx/access-domains' });
    expectError(answer, 400, 'SVCSTG.SWR.4001028');
  });

  it('checks the namespace whatever the token allows', async () => {
    const nobody = await api.tokens.sign({ domain: 'nobody' });
    const answer = await create(validBody, { path: '/v2/manage/namespaces/Demo/repositories/nginx/access-domains', token: nobody });
    expectError(answer, 400, 'SVCSTG.SWR.4001028');
  });

  it.each([
    ['access_domain', { permit: 'read', deadline: 'forever' }],
    ['permit', { access_domain: 'partner', deadline: 'forever' }],
    ['deadline', { access_domain: 'partner', permit: 'read' }],
  ])('refuses a body without %s with 4001014', async (field, body) => {
    const answer = await create(body);
    expectError(answer, 400, 'SVCSTG.SWR.4001014');
    expect(answer.body.errorMessage).toContain(field);
  });

  it.each([
    ['permit READ', { permit: 'READ' }, 'SVCSTG.SWR.4001091'],
    ['permit write', { permit: 'write' }, 'SVCSTG.SWR.4001091'],
    ['permit as a number', { permit: 1 }, 'SVCSTG.SWR.4001091'],
    ['an access domain with a space', { access_domain: 'part ner' }, 'SVCSTG.SWR.4001041'],
    ['an empty access domain', { access_domain: '' }, 'SVCSTG.SWR.4001041'],
    ['a 65-character access domain', { access_domain: 'a'.repeat(65) }, 'SVCSTG.SWR.4001041'],
    ['an access domain that is not a string', { access_domain: ['partner'] }, 'SVCSTG.SWR.4001041'],
    ['a deadline of yesterday', { deadline: '2026-06-14' }, 'SVCSTG.SWR.4000014'],
    ['a timestamp deadline of yesterday', { deadline: '2026-06-14T23:59:59.999Z' }, 'SVCSTG.SWR.4000014'],
    ['30 February', { deadline: '2027-02-30' }, 'SVCSTG.SWR.4000014'],
    ['a deadline with an offset', { deadline: '2027-01-01T00:00:00+01:00' }, 'SVCSTG.SWR.4000014'],
    ['a deadline without Z', { deadline: '2027-01-01T00:00:00' }, 'SVCSTG.SWR.4000014'],
    ['a deadline of 25 o’clock', { deadline: '2027-01-01T25:00:00Z' }, 'SVCSTG.SWR.4000014'],
    ['a numeric deadline', { deadline: 20270101 }, 'SVCSTG.SWR.4000014'],
    ['a null description', { description: null }, 'SVCSTG.SWR.4000014'],
    ['an unknown field', { owner: 'me' }, 'SVCSTG.SWR.4000014'],
  ])('refuses %s', async (_what, change, code) => {
    expectError(await create({ ...validBody, ...change }), 400, code);
  });

  it('refuses sharing with the caller’s own account, in any case', async () => {
    expectError(await create({ ...validBody, access_domain: 'OWNER' }), 400, 'SVCSTG.SWR.4001041');
  });

  it('answers 413 for a description over 1,000 code points', async () => {
    expectError(await create({ ...validBody, description: 'x'.repeat(1001) }), 413, 'SVCSTG.SWR.4131012');
  });

  it('answers 413 for a body over 8 KiB, before parsing it', async () => {
    const answer = await create(`{"access_domain":"partner",${' '.repeat(8 * 1024)}`);
    expectError(answer, 413, 'SVCSTG.SWR.4131012');
  });

  it.each([
    ['malformed JSON', '{"access_domain":'],
    ['an array', '[]'],
    ['a string', '"partner"'],
    ['null', 'null'],
    ['an empty body', ''],
    ['a __proto__ key', '{"__proto__":{"admin":true},"access_domain":"partner","permit":"read","deadline":"forever"}'],
  ])('answers 400 for %s, never 422 or 500', async (_what, body) => {
    expectError(await create(body), 400, 'SVCSTG.SWR.4000014');
  });

  it.each(['text/plain', 'application/xml', 'application/json;charset=latin1', 'application/jsonx', 'multipart/form-data'])(
    'answers 415 for Content-Type %s',
    async (contentType) => {
      expectError(await create(validBody, { headers: { 'Content-Type': contentType } }), 415, 'SVCSTG.SWR.4001018');
    },
  );

  it('changes nothing when it refuses a request', async () => {
    const { path, repository } = freshRepository();
    await create({ ...validBody, permit: 'READ' }, { path });
    await create({ ...validBody, deadline: '2020-01-01' }, { path });
    expect(await api.store.store.listShares({ namespace: 'demo', repository }, NOW)).toEqual([]);
  });
});

describe('POST access-domains: authorization (403)', () => {
  it.each([
    ['read', { demo: 'read' }],
    ['write', { demo: 'write' }],
    ['manage elsewhere', { other: 'manage' }],
    ['nothing', {}],
  ] as const)('refuses a caller with %s', async (_what, namespaces) => {
    const token = await api.tokens.sign({ domain: 'someone', namespaces });
    expectError(await create(validBody, { token }), 403, 'SVCSTG.SWR.4039002');
  });
});

describe('POST access-domains: store failures', () => {
  it('answers a generic 500 that reveals nothing', async () => {
    const broken = await createTestApi({ now: NOW });
    const token = await broken.tokens.sign({ domain: 'owner', namespaces: { demo: 'manage' } });
    await broken.store.close(); // the store is gone: every write fails
    const answer = await broken.call('POST', SHARES, { token, body: validBody });
    expectError(answer, 500, 'SVCSTG.SWR.5000093');
    expect(answer.rawBody).not.toMatch(/shares-|Exception|at |ECONNREFUSED|dynamo/i);
  });
});

describe('request log', () => {
  it('writes one line per request with its outcome, and never the token or body', async () => {
    const lines: Record<string, unknown>[] = [];
    const record = (message: string, attributes: Record<string, unknown>) => lines.push({ message, ...attributes });
    const logged = await createTestApi({ now: NOW, logger: { info: record, error: record } as never });
    try {
      const token = await logged.tokens.sign({ domain: 'owner', namespaces: { demo: 'manage' } });
      await logged.call('POST', SHARES, { token, body: { ...validBody, description: 'secret-description' } });
      await logged.call('POST', SHARES, { token, body: validBody });
      expect(lines).toHaveLength(2);
      const [first, second] = lines;
      expect(first).toMatchObject({ operation: 'createShare', namespace: 'demo', repository: 'nginx', status: 201 });
      expect(first!.requestId).toBeTruthy();
      expect(typeof first!.durationMs).toBe('number');
      expect(second).toMatchObject({ status: 409, errorCode: 'SVCSTG.SWR.4090089' });
      const everything = JSON.stringify(lines);
      expect(everything).not.toContain(token);
      // The body's text only as the share's terms in its audit event (which the line carries).
      const withoutAudit = JSON.stringify(lines.map(({ auditEvents, ...own }) => own));
      expect(withoutAudit).not.toContain('secret-description');
      expect(first!.auditEvents).toMatchObject([{ audit: 'share.created', after: { description: 'secret-description' } }]);
    } finally {
      await logged.close();
    }
  });
});
