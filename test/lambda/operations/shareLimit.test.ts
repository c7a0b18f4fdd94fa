import { afterEach, describe, expect, it } from '@jest/globals';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CLAIM_HOLD_MS } from '../../../lambda/store/ShareRoster.js';
import { accountKey, repositoryKey } from '../../../lambda/store/tableDesign.js';
import { expectError, NOW, OWNER, sharesPath } from '../../support/fixtures.js';
import { type ShareClient, shareClient } from '../../support/shareClient.js';
import { type FaultKind, injectStoreFaults } from '../../support/storeFaults.js';
import { type ApiAnswer, createTestApi, type TestApi } from '../../support/testApi.js';

/**
 * The limit on the accounts a repository is shared with (docs §8), on a real DynamoDB
 * protocol: exact whatever runs at the same time and whatever fails between two store
 * calls, counted from the store itself.
 */

const LIMIT = 3;
const LIMIT_CODE = 'SVCSTG.SWR.4000090';
let api: TestApi;
afterEach(() => api?.close());

const forever = (account: string) => ({ access_domain: account, permit: 'read', deadline: 'forever' });
const until = (account: string, deadline: string) => ({ access_domain: account, permit: 'read', deadline });

/**
 * The store's timeouts when hundreds of requests queue at an embedded store on a busy
 * machine: long enough that none times out, so that every answer is the limit's decision.
 */
const PATIENT_STORE = { connectionTimeoutMs: 30_000, requestTimeoutMs: 60_000, maxAttempts: 1 };

async function start(limit = LIMIT, storeTimeouts?: typeof PATIENT_STORE): Promise<ShareClient> {
  api = await createTestApi({ now: NOW, maxAccountsPerRepository: limit, ...(storeTimeouts && { storeTimeouts }) });
  return shareClient(api, OWNER);
}

/** The shares of demo/nginx in force at the api's clock, read from the table itself. */
async function sharesInForce(): Promise<string[]> {
  const { Items = [] } = await api.store.documentClient.send(
    new QueryCommand({
      TableName: api.store.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :share)',
      ExpressionAttributeValues: { ':pk': repositoryKey('demo', 'nginx'), ':share': 'DOMAIN#' },
      ConsistentRead: true,
    }),
  );
  const now = api.clock.now.getTime() / 1000;
  return Items.filter((item) => item.activeUntil === undefined || item.activeUntil > now).map((item) => String(item.accessDomain));
}

const statusesOf = (answers: ApiAnswer[]) => answers.map((answer) => answer.status);
const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

/** Creates shares for accounts until the limit refuses one; answers how many were made. */
async function fill(shares: ShareClient, prefix: string): Promise<number> {
  for (let i = 0; ; i += 1) {
    const answer = await shares.create(forever(`${prefix}${i}`));
    if (answer.status === 400) {
      expect(answer.body.errorCode).toBe(LIMIT_CODE);
      return i;
    }
    expect(answer.status).toBe(201);
  }
}

describe('the limit of accounts per repository', () => {
  it(`refuses the share that would be the ${LIMIT + 1}th in force, in the API's format, naming the limit`, async () => {
    const shares = await start();
    for (let i = 0; i < LIMIT; i += 1) expect((await shares.create(forever(`account${i}`))).status).toBe(201);
    const refused = await shares.create(forever('one-too-many'));
    expectError(refused, 400, LIMIT_CODE);
    expect(refused.body.errorMessage).toContain(`limit of ${LIMIT} accounts`);
    expect(await sharesInForce()).toHaveLength(LIMIT);
    // Another repository has a limit of its own.
    expect((await shareClient(api, OWNER, sharesPath('redis')).create(forever('one-too-many'))).status).toBe(201);
  });

  it('counts a 409 duplicate, a re-spelt account and an update once', async () => {
    const shares = await start();
    for (let i = 0; i < LIMIT; i += 1) expect((await shares.create(forever(`account${i}`))).status).toBe(201);
    expectError(await shares.create(forever('account0')), 409, 'SVCSTG.SWR.4090089');
    expectError(await shares.create(forever('ACCOUNT1')), 409, 'SVCSTG.SWR.4090089');
    expect((await shares.update('account2', { permit: 'read', deadline: '2099-01-01' })).status).toBe(201);
    expectError(await shares.create(forever('newcomer')), 400, LIMIT_CODE);
    expect(await sharesInForce()).toHaveLength(LIMIT);
  });

  it('frees a place when a share is revoked', async () => {
    const shares = await start();
    expect(await fill(shares, 'a')).toBe(LIMIT);
    expect((await shares.remove('a1')).status).toBe(204);
    expect((await shares.create(forever('newcomer'))).status).toBe(201);
    expectError(await shares.create(forever('another')), 400, LIMIT_CODE);
  });

  it('counts shares in force only: expired ones kept for the retention window free their place', async () => {
    const shares = await start();
    for (let i = 0; i < LIMIT; i += 1) expect((await shares.create(until(`account${i}`, '2026-06-15'))).status).toBe(201);
    expectError(await shares.create(forever('newcomer')), 400, LIMIT_CODE);
    api.clock.now = new Date('2026-06-16T00:00:01.000Z'); // their day is over
    expect((await shares.create(forever('newcomer'))).status).toBe(201);
    // The expired ones are still listed (status false), and the limit stands again.
    expect((await shares.list()).body).toHaveLength(LIMIT + 1);
    expect(await fill(shares, 'b')).toBe(LIMIT - 1);
    expect(await sharesInForce()).toHaveLength(LIMIT);
  });

  it('lets a create replace an expired share of the same account at the limit, counting it once', async () => {
    const shares = await start();
    expect((await shares.create(until('renewed', '2026-06-15'))).status).toBe(201);
    for (let i = 1; i < LIMIT; i += 1) expect((await shares.create(forever(`account${i}`))).status).toBe(201);
    api.clock.now = new Date('2026-06-16T00:00:01.000Z');
    expect((await shares.create(forever('renewed'))).status).toBe(201);
    expectError(await shares.create(forever('newcomer')), 400, LIMIT_CODE);
    expect(await sharesInForce()).toHaveLength(LIMIT);
  });

  it('refuses to revive an expired share by an update when its place was taken, and revives it once one is free', async () => {
    const shares = await start();
    expect((await shares.create(until('sleeper', '2026-06-15'))).status).toBe(201);
    api.clock.now = new Date('2026-06-16T00:02:00.000Z');
    expect(await fill(shares, 'a')).toBe(LIMIT);
    expectError(await shares.update('sleeper', { permit: 'read', deadline: 'forever' }), 400, LIMIT_CODE);
    expect((await shares.remove('a0')).status).toBe(204);
    expect((await shares.update('sleeper', { permit: 'read', deadline: 'forever' })).status).toBe(201);
    expect((await sharesInForce()).sort()).toEqual(['a1', 'a2', 'sleeper']);
  });

  it('counts the shares made before the limit existed (no roster yet), with no step to run', async () => {
    await start();
    const shares = shareClient(api, OWNER);
    // Items as the previous version wrote them: no roster, no claim named.
    for (let i = 0; i < LIMIT; i += 1) {
      await api.store.documentClient.send(
        new PutCommand({
          TableName: api.store.tableName,
          Item: {
            pk: repositoryKey('demo', 'nginx'),
            sk: accountKey(`old${i}`),
            byAccountPk: accountKey(`old${i}`),
            byAccountSk: repositoryKey('demo', 'nginx'),
            namespace: 'demo',
            repository: 'nginx',
            accessDomain: `old${i}`,
            permit: 'read',
            deadline: 'forever',
            description: '',
            creatorId: 'o',
            creatorName: 'o',
            created: NOW.toISOString(),
            updated: NOW.toISOString(),
          },
        }),
      );
    }
    expectError(await shares.create(forever('newcomer')), 400, LIMIT_CODE);
    expect((await shares.remove('old1')).status).toBe(204);
    expect((await shares.create(forever('newcomer'))).status).toBe(201);
    expectError(await shares.create(forever('another')), 400, LIMIT_CODE);
  });
});

describe('the limit under concurrency', () => {
  it('of 600 concurrent creates of distinct accounts on an empty repository, grants exactly 500', async () => {
    await start(500, PATIENT_STORE);
    const token = await api.tokens.sign(OWNER);
    const answers = await Promise.all(
      Array.from({ length: 600 }, (_, i) => api.call('POST', sharesPath(), { token, body: forever(`account${i}`) })),
    );
    const statuses = statusesOf(answers);
    expect({ created: count(statuses, 201), refused: count(statuses, 400) }).toEqual({ created: 500, refused: 100 });
    for (const answer of answers.filter((a) => a.status === 400)) expect(answer.body.errorCode).toBe(LIMIT_CODE);
    expect(await sharesInForce()).toHaveLength(500);
  }, 120_000);

  it('never has more shares in force than the limit while creates and deletes race at it', async () => {
    const limit = 10;
    const shares = await start(limit);
    expect(await fill(shares, 'seed')).toBe(limit);
    let racing = true;
    const seen: number[] = [];
    const watch = (async () => {
      while (racing) seen.push((await sharesInForce()).length);
    })();
    const rounds = Array.from({ length: 6 }, (_, round) =>
      Promise.all([
        ...Array.from({ length: limit }, (_, i) => shares.remove(`seed${i}`)),
        ...Array.from({ length: limit * 2 }, (_, i) => shares.create(forever(`r${round}x${i}`))),
      ]),
    );
    const statuses = statusesOf((await Promise.all(rounds)).flat());
    racing = false;
    await watch;
    expect(statuses.every((status) => [201, 204, 400, 404].includes(status))).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen, ...[(await sharesInForce()).length])).toBeLessThanOrEqual(limit);
    // Whatever the race left, the repository is full or can be filled exactly to the limit.
    const left = (await sharesInForce()).length;
    expect(left + (await fill(shares, 'after'))).toBe(limit);
  }, 60_000);
});

describe('the limit under failure', () => {
  /**
   * Runs `request` with its n-th store call failing, for every n it makes, then checks the
   * store: never above the limit, and once the claims' hold is over, exactly fillable to it.
   */
  async function everyFailure(
    kind: FaultKind,
    prepare: (shares: ShareClient) => Promise<void>,
    request: (shares: ShareClient) => Promise<ApiAnswer>,
    expectedStatuses: number[] = [],
  ) {
    for (let n = 1; ; n += 1) {
      if (n > 1) await api.close(); // the last one is closed after the test
      const shares = await start();
      await prepare(shares);
      const faults = injectStoreFaults(api.store.client);
      const before = faults.calls.length;
      faults.failCall(n, kind);
      const answer = await request(shares);
      faults.clear();
      const made = faults.calls.length - before;
      if (n > made) {
        // No call was failed: every step of the request has been tried.
        expect(answer.status).toBeLessThan(500);
        return n - 1;
      }
      // A 500 that reveals nothing; or, where the failed call had failed by itself (a claim
      // refused by its condition, whose answer cannot be lost), the request's own answer.
      expect([500, ...expectedStatuses]).toContain(answer.status);
      expect(answer.rawBody).not.toMatch(/Injected|ECONNREFUSED|hang up/i);
      expect((await sharesInForce()).length).toBeLessThanOrEqual(LIMIT);
      // A claim left behind holds its place for at most CLAIM_HOLD_MS, then heals by itself.
      api.clock.now = new Date(api.clock.now.getTime() + CLAIM_HOLD_MS + 1000);
      const inForce = (await sharesInForce()).length;
      expect(inForce + (await fill(shares, 'after'))).toBe(LIMIT);
    }
  }

  const fillTwo = async (shares: ShareClient) => {
    expect((await shares.create(forever('a0'))).status).toBe(201);
    expect((await shares.create(forever('a1'))).status).toBe(201);
  };

  for (const kind of ['refused', 'lost'] as const) {
    it(`a create whose store call is ${kind}, at any step, neither exceeds the limit nor blocks it for longer than the hold`, async () => {
      expect(await everyFailure(kind, fillTwo, (shares) => shares.create(forever('victim')))).toBeGreaterThanOrEqual(2);
    }, 60_000);

    it(`the first create of a repository (its roster made) whose store call is ${kind}, likewise`, async () => {
      const steps = await everyFailure(
        kind,
        async () => undefined,
        (shares) => shares.create(forever('first')),
        kind === 'lost' ? [201] : [],
      );
      expect(steps).toBeGreaterThanOrEqual(4);
    }, 60_000);

    it(`a delete whose store call is ${kind}, likewise`, async () => {
      expect(await everyFailure(kind, fillTwo, (shares) => shares.remove('a1'))).toBe(2);
    }, 60_000);

    it(`an update reviving a share whose store call is ${kind}, likewise`, async () => {
      const prepare = async (shares: ShareClient) => {
        expect((await shares.create(until('sleeper', '2026-06-15'))).status).toBe(201);
        api.clock.now = new Date('2026-06-16T00:02:00.000Z');
        expect((await shares.create(forever('a0'))).status).toBe(201);
      };
      expect(await everyFailure(kind, prepare, (shares) => shares.update('sleeper', { permit: 'read', deadline: 'forever' }))).toBe(2);
    }, 60_000);
  }

  it('a create stalled between its claim and its share, past the write window, writes nothing', async () => {
    const shares = await start();
    await fillTwo(shares);
    const faults = injectStoreFaults(api.store.client);
    faults.failCall(1, 'stalled'); // the claim, held until released
    const pending = shares.create(forever('late'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const realNow = performance.now;
    // The monotonic clock jumps past the write window while the claim is in flight.
    performance.now = () => realNow.call(performance) + CLAIM_HOLD_MS;
    try {
      faults.release();
      expect((await pending).status).toBe(500);
    } finally {
      performance.now = realNow;
    }
    expect((await sharesInForce()).sort()).toEqual(['a0', 'a1']);
  });
});
