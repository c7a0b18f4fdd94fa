import { afterEach, describe, expect, it } from '@jest/globals';
import { expectError, shareBody } from '../../support/fixtures.js';
import { TEST_REGISTRY_SERVICE } from '../../support/registrySigner.js';
import { basicAuthorization } from '../../support/signedCall.js';
import { rawShareItem, type ShareClient, shareClient } from '../../support/shareClient.js';
import { createTestApi, type TestApi } from '../../support/testApi.js';

/** docs/access-domains.md §5: deadlines, expiry, the retention window and duplicates, with a clock the tests move. */

const NOW = new Date('2026-06-10T12:00:00.000Z');
const OLIVIA = { domain: 'owner', user: 'olivia', namespaces: { demo: 'manage' } } as const;
const OSCAR = { domain: 'owner', user: 'oscar', namespaces: { demo: 'manage' } } as const;
const DEADLINES = ['2026-06-15', '2026-06-15T08:00:00Z'];
const LAST_MOMENT = '2026-06-15T23:59:59.999Z';
const EXPIRED = '2026-06-16T00:00:00.000Z';

let api: TestApi;
let olivia: ShareClient;

async function start(retentionDays?: number): Promise<void> {
  api = await createTestApi({ now: NOW, ...(retentionDays !== undefined && { retentionDays }) });
  olivia = shareClient(api, OLIVIA);
}

/** A fresh API with one share, to `partner`, that Olivia created at NOW. */
async function startWithShare(fields: Record<string, unknown>, retentionDays?: number): Promise<void> {
  await start(retentionDays);
  await createShare(olivia, fields);
}
afterEach(() => api.close());

function at(timestamp: string): void {
  api.clock.now = new Date(timestamp);
}

async function createShare(client: ShareClient, fields: Record<string, unknown> = {}): Promise<void> {
  const answer = await client.create(shareBody(fields));
  expect(answer.status).toBe(201);
}

/** The share's status as show and list report it. */
async function statusOf(accessDomain: string) {
  const shown = await olivia.show(accessDomain);
  const listed = (await olivia.list()).body.find((share: { access_domain: string }) => share.access_domain === accessDomain);
  return { shown: shown.body.status, listed: listed?.status };
}

/** Checks that every operation treats the share as absent. */
async function expectAbsent(accessDomain: string): Promise<void> {
  expect((await olivia.list()).body).toEqual([]);
  expect((await olivia.show(accessDomain)).body).toStrictEqual({ exist: false });
  expectError(await olivia.update(accessDomain, { permit: 'read', deadline: 'forever' }), 404, 'SVCSTG.SWR.4040089');
  expectError(await olivia.remove(accessDomain), 404, 'SVCSTG.SWR.4040089');
}

describe.each(DEADLINES)('a share with deadline %s', (deadline) => {
  it('is in force through the whole UTC day of its deadline and expires at 00:00 UTC of the next', async () => {
    await startWithShare({ deadline });

    expect(await statusOf('partner')).toEqual({ shown: true, listed: true });
    at('2026-06-15T00:00:00.000Z');
    expect(await statusOf('partner')).toEqual({ shown: true, listed: true });
    at(LAST_MOMENT);
    expect(await statusOf('partner')).toEqual({ shown: true, listed: true });
    at(EXPIRED);
    expect(await statusOf('partner')).toEqual({ shown: false, listed: false });
    expect((await olivia.show('partner')).body).toMatchObject({ exist: true, deadline });
  });

  it.each([
    { retentionDays: undefined, window: '30 days by default', removeAt: '2026-07-16T00:00:00.000Z' },
    { retentionDays: 2, window: '2 days when so configured', removeAt: '2026-06-18T00:00:00.000Z' },
  ])('stays visible with status false for $window, then is absent though still in the table', async (retention) => {
    await startWithShare({ deadline }, retention.retentionDays);
    const removeAt = Date.parse(retention.removeAt);

    api.clock.now = new Date(removeAt - 1);
    expect(await statusOf('partner')).toEqual({ shown: false, listed: false });
    api.clock.now = new Date(removeAt);
    await expectAbsent('partner');
    expect(await rawShareItem(api, 'demo', 'nginx', 'partner')).toMatchObject({
      accessDomain: 'partner',
      deadline,
      removeAt: removeAt / 1000,
    });
  });
});

describe('creating a share again', () => {
  it('answers 409 while the share is in force, up to the last moment of its day, and changes nothing', async () => {
    await startWithShare({ deadline: '2026-06-15', description: 'first' });
    const before = (await olivia.show('partner')).body;

    for (const moment of ['2026-06-12T00:00:00.000Z', LAST_MOMENT]) {
      at(moment);
      const answer = await shareClient(api, OSCAR).create(shareBody({ access_domain: 'PARTNER', deadline: 'forever' }));
      expectError(answer, 409, 'SVCSTG.SWR.4090089');
    }
    expect((await olivia.show('partner')).body).toStrictEqual(before);
  });

  it.each([
    ['expired but retained', EXPIRED],
    ['past its removal time but still in the table', '2026-08-01T00:00:00.000Z'],
  ])('answers 201 and replaces a share %s, its last use with it', async (_case, moment) => {
    await startWithShare({ deadline: '2026-06-15', description: 'first' });
    const pulled = await api.call('GET', `/registry/token?service=${TEST_REGISTRY_SERVICE}&scope=repository:demo/nginx:pull`, {
      headers: { Authorization: basicAuthorization('partner', await api.tokens.sign({ domain: 'partner' })) },
    });
    expect(pulled.status).toBe(200);
    expect((await olivia.show('partner')).body).toMatchObject({ last_used_at: NOW.toISOString(), last_used_by: 'partner/partner' });
    at(moment);

    await createShare(shareClient(api, OSCAR), { deadline: 'forever', description: 'second' });

    expect((await olivia.list()).body).toStrictEqual([
      {
        namespace: 'demo',
        repository: 'nginx',
        access_domain: 'partner',
        permit: 'read',
        deadline: 'forever',
        description: 'second',
        creator_id: 'oscar-id',
        creator_name: 'oscar',
        created: moment,
        updated: moment,
        status: true,
        last_used_at: null,
        last_used_by: null,
      },
    ]);
  });

  it('lets exactly one of many concurrent creates replace an expired share', async () => {
    await startWithShare({ deadline: '2026-06-15' });
    at(EXPIRED);

    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => olivia.create(shareBody({ description: `attempt ${i}` }))));

    expect(answers.map((answer) => answer.status).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
    const winner = answers.findIndex((answer) => answer.status === 201);
    expect((await olivia.show('partner')).body).toMatchObject({ description: `attempt ${winner}`, status: true });
  });
});

describe('updating an expired share', () => {
  it('revives it with a new deadline, beyond the old removal time', async () => {
    await startWithShare({ deadline: '2026-06-15' });
    at('2026-06-20T00:00:00.000Z');
    expect(await statusOf('partner')).toEqual({ shown: false, listed: false });

    const answer = await olivia.update('partner', { permit: 'read', deadline: '2026-12-31' });

    expect(answer.status).toBe(201);
    expect(await statusOf('partner')).toEqual({ shown: true, listed: true });
    at('2026-08-01T00:00:00.000Z');
    expect((await olivia.show('partner')).body).toMatchObject({
      exist: true,
      deadline: '2026-12-31',
      status: true,
      created: NOW.toISOString(),
      updated: '2026-06-20T00:00:00.000Z',
    });
  });

  it('revives it for ever with deadline forever', async () => {
    await startWithShare({ deadline: '2026-06-15' });
    at(EXPIRED);

    expect((await olivia.update('partner', { permit: 'read', deadline: 'forever' })).status).toBe(201);

    at('2036-06-16T00:00:00.000Z');
    expect(await statusOf('partner')).toEqual({ shown: true, listed: true });
  });
});

describe('deadline forever', () => {
  it('never expires, and the share stays in force years later', async () => {
    await startWithShare({ deadline: 'forever' });
    at('2046-01-01T00:00:00.000Z');

    expect(await statusOf('partner')).toEqual({ shown: true, listed: true });
    expectError(await olivia.create(shareBody()), 409, 'SVCSTG.SWR.4090089');
    expect((await olivia.update('partner', { permit: 'read', deadline: 'forever', description: 'x' })).status).toBe(201);
  });

  it('gives way to a dated deadline on update, which then expires', async () => {
    await startWithShare({ deadline: 'forever' });

    expect((await olivia.update('partner', { permit: 'read', deadline: '2026-06-15' })).status).toBe(201);

    at(LAST_MOMENT);
    expect(await statusOf('partner')).toEqual({ shown: true, listed: true });
    at(EXPIRED);
    expect(await statusOf('partner')).toEqual({ shown: false, listed: false });
    at('2026-07-16T00:00:00.000Z');
    await expectAbsent('partner');
  });
});

describe('a deadline on the day it is set', () => {
  it.each(['2026-06-10', '2026-06-10T00:00:00Z', '2026-06-10T08:00:00.5Z'])(
    'is accepted on create and update until the day is over: %s',
    async (deadline) => {
      await start();
      at('2026-06-10T23:59:59.999Z');

      await createShare(olivia, { deadline });
      expect((await olivia.update('partner', { permit: 'read', deadline, description: 'today' })).status).toBe(201);

      expect((await olivia.show('partner')).body).toMatchObject({ deadline, description: 'today', status: true });
    },
  );

  it.each(['2026-06-09', '2026-06-09T23:59:59.999Z', '2026-06-10'])(
    'is refused with 400 SVCSTG.SWR.4000014 once its day is over: %s',
    async (deadline) => {
      await startWithShare({ deadline: '2026-06-20', description: 'kept' });
      at('2026-06-11T00:00:00.000Z');

      expectError(await olivia.create(shareBody({ access_domain: 'newcomer', deadline })), 400, 'SVCSTG.SWR.4000014');
      expectError(await olivia.update('partner', { permit: 'read', deadline }), 400, 'SVCSTG.SWR.4000014');

      expect((await olivia.show('newcomer')).body).toStrictEqual({ exist: false });
      expect((await olivia.show('partner')).body).toMatchObject({ deadline: '2026-06-20', description: 'kept' });
    },
  );
});
