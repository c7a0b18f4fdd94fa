import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import type { Share, ShareRef } from '../../../lambda/domain/share.js';
import { SHARE_USE_INTERVAL_MS } from '../../../lambda/domain/shareUse.js';
import { METRIC } from '../../../lambda/metrics/metricNames.js';
import { SHARE_USE_RETRY_MS } from '../../../lambda/registry/shareUseStamps.js';
import { repositoryKey, ROSTER_SORT_KEY } from '../../../lambda/store/tableDesign.js';
import type { TokenRequest } from '../../../local/iam/tokens.js';
import { NOW, OWNER, PARTNER } from '../../support/fixtures.js';
import { recordingLogger } from '../../support/logRecorder.js';
import { TEST_REGISTRY_SERVICE } from '../../support/registrySigner.js';
import { createShare, rawShareItem, shareClient } from '../../support/shareClient.js';
import { basicAuthorization } from '../../support/signedCall.js';
import { injectStoreFaults } from '../../support/storeFaults.js';
import { recordTableRequests, type TableRequestRecorder } from '../../support/tableRequestRecorder.js';
import { type ApiAnswer, createTestApi, type TestApi } from '../../support/testApi.js';

/**
 * "Last used" per share (docs/access-domains.md): the token service stamps the share it grants
 * a pull through, at most once per share per hour, never on a share not in force, and never
 * at the cost of the grant. On a fixed clock, counting what goes to the store.
 */

// Under a loaded machine's DynamoDB Local, a test's handful of requests may take seconds.
jest.setTimeout(30_000);

let api: TestApi;
let recorder: TableRequestRecorder;
beforeEach(async () => {
  api = await createTestApi({ now: NOW });
  recorder = recordTableRequests(api.store.client);
});
afterEach(() => api.close());

const REF: ShareRef = { namespace: 'demo', repository: 'nginx', accessDomain: 'partner' };
const HOUR = SHARE_USE_INTERVAL_MS;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const owner = () => shareClient(api, OWNER);

/** A registry token asked for by `as`, as a registry client asks: the token must be answered. */
async function pull(as: TokenRequest = PARTNER, password?: string): Promise<ApiAnswer> {
  const query = new URLSearchParams({ service: TEST_REGISTRY_SERVICE, scope: 'repository:demo/nginx:pull' });
  const answer = await api.call('GET', `/registry/token?${query}`, {
    headers: { Authorization: basicAuthorization(as.domain, password ?? (await api.tokens.sign(as))) },
  });
  expect(answer.status).toBe(200);
  return answer;
}

const grantsPull = (answer: ApiAnswer) =>
  expect(decodeJwt(answer.body.token).access).toEqual([{ type: 'repository', name: 'demo/nginx', actions: ['pull'] }]);

/** The share's last use as the owner's show answers it. */
async function lastUse(accessDomain = 'partner') {
  const { body } = await owner().show(accessDomain);
  return { at: body.last_used_at, by: body.last_used_by };
}

/** The UpdateItems sent to the table while `work` runs. */
async function updatesDuring(work: () => Promise<void>): Promise<number> {
  recorder.clear();
  await work();
  return recorder.requests.filter(({ action }) => action === 'dynamodb:UpdateItem').length;
}

/** Runs `meanwhile` between the grant's read of the share and the stamp's write. */
function betweenReadAndStamp(meanwhile: () => Promise<void>): void {
  const store = api.store.store;
  const read = store.getShare.bind(store);
  jest.spyOn(store, 'getShare').mockImplementationOnce(async (ref, now) => {
    const share = await read(ref, now);
    await meanwhile();
    return share;
  });
}

describe('last used, in the owner’s answers', () => {
  it('is null for a share never pulled through, and after a pull says when and to whom, in show and list', async () => {
    await createShare(api);
    await createShare(api, { access_domain: 'idle' });
    expect(await lastUse()).toEqual({ at: null, by: null });

    api.clock.now = at(90_000);
    grantsPull(await pull());
    expect(await lastUse()).toEqual({ at: at(90_000).toISOString(), by: 'partner/pat' });
    const listed = (await owner().list()).body as { access_domain: string; last_used_at: string | null; last_used_by: string | null }[];
    expect(listed.map(({ access_domain, last_used_at, last_used_by }) => [access_domain, last_used_at, last_used_by]).sort()).toEqual([
      ['idle', null, null],
      ['partner', at(90_000).toISOString(), 'partner/pat'],
    ]);
  });

  it('is not set by a pull the caller’s own level allows, nor by a pull refused', async () => {
    await createShare(api);
    const stranger = { domain: 'stranger', user: 'sam' };
    expect(
      await updatesDuring(async () => {
        await pull({ ...OWNER, namespaces: { demo: 'read' } });
        expect(decodeJwt((await pull(stranger)).body.token).access).toEqual([]);
      }),
    ).toBe(0);
    expect(await lastUse()).toEqual({ at: null, by: null });
  });
});

describe('at most one write per share per hour', () => {
  it('writes once for a first pull, not for 1,000 more within the hour, then once after the hour', async () => {
    await createShare(api);
    const CI = { domain: 'partner', user: 'ci' };
    const password = await api.tokens.sign({ ...PARTNER, expiresInSeconds: 3 * 60 * 60 });
    const ciPassword = await api.tokens.sign({ ...CI, expiresInSeconds: 3 * 60 * 60 });
    expect(await updatesDuring(async () => void (await pull(PARTNER, password)))).toBe(1);

    // 1,000 grants spread over the rest of the hour, by two users of the account.
    const within = await updatesDuring(async () => {
      for (let grant = 1; grant <= 1_000; grant += 1) {
        api.clock.now = at(Math.floor((grant * (HOUR - 1)) / 1_000));
        grantsPull(await (grant % 2 === 0 ? pull(PARTNER, password) : pull(CI, ciPassword)));
      }
    });
    expect(within).toBe(0);
    expect(await lastUse()).toEqual({ at: NOW.toISOString(), by: 'partner/pat' });

    api.clock.now = at(HOUR);
    expect(await updatesDuring(async () => void (await pull(PARTNER, password)))).toBe(1);
    expect(await updatesDuring(async () => void (await pull(PARTNER, password)))).toBe(0);
    expect(await lastUse()).toEqual({ at: at(HOUR).toISOString(), by: 'partner/pat' });
  }, 120_000);

  it('writes once when two containers see the same stale use: the condition refuses the second', async () => {
    await createShare(api);
    const share = (await api.store.store.getShare(REF, NOW)) as Share;
    const use = { at: NOW, by: 'partner/pat' };
    expect(await api.store.store.recordShareUse(share, use, NOW)).toBe(true);
    expect(await api.store.store.recordShareUse(share, { ...use, by: 'partner/ci' }, NOW)).toBe(false);
    expect(await lastUse()).toEqual({ at: NOW.toISOString(), by: 'partner/pat' });
  });

  it('leaves the repository’s roster (the limit on accounts) as it was', async () => {
    await createShare(api);
    const roster = async () =>
      (
        await api.store.documentClient.send(
          new GetCommand({ TableName: api.store.tableName, Key: { pk: repositoryKey('demo', 'nginx'), sk: ROSTER_SORT_KEY } }),
        )
      ).Item;
    const before = await roster();
    await pull();
    expect(await lastUse()).toEqual({ at: NOW.toISOString(), by: 'partner/pat' });
    expect(await roster()).toEqual(before);
  });
});

describe('the stamp never keeps a share alive', () => {
  it('a share deleted between the grant and the stamp stays deleted', async () => {
    await createShare(api);
    betweenReadAndStamp(async () => void expect((await owner().remove('partner')).status).toBe(204));
    grantsPull(await pull());
    expect(await rawShareItem(api, 'demo', 'nginx', 'partner')).toBeUndefined();
    expect((await owner().show('partner')).body).toEqual({ exist: false });
    expect(api.emf.named(METRIC.shareUseStampFailures)).toEqual([]);
  });

  it('a share whose deadline passed between the grant and the stamp stays expired, unstamped', async () => {
    await createShare(api, { deadline: '2026-06-15' });
    const midnight = new Date('2026-06-16T00:00:00.000Z');
    betweenReadAndStamp(async () => {
      api.clock.now = midnight;
    });
    api.clock.now = new Date(midnight.getTime() - 1_000);
    grantsPull(await pull());
    const item = await rawShareItem(api, 'demo', 'nginx', 'partner');
    expect(item).toMatchObject({ activeUntil: midnight.getTime() / 1000 });
    expect(item).not.toHaveProperty('lastUsedAt');
    expect((await owner().show('partner')).body).toMatchObject({ status: false, last_used_at: null });
  });

  it('a share deleted and made again between the grant and the stamp: the new one is not stamped for the old', async () => {
    await createShare(api);
    betweenReadAndStamp(async () => {
      expect((await owner().remove('partner')).status).toBe(204);
      api.clock.now = at(1_000);
      await createShare(api);
    });
    grantsPull(await pull());
    expect(await lastUse()).toEqual({ at: null, by: null });
  });
});

describe('a stamp that fails never costs the grant', () => {
  it('a store error: the token is answered 200 all the same, the failure logged and counted; the next pull stamps', async () => {
    const log = recordingLogger();
    await api.close();
    api = await createTestApi({ now: NOW, logger: log.logger });
    await createShare(api);
    const faults = injectStoreFaults(api.store.client);
    // The token request's calls: the GetItem of the share, then the stamp's UpdateItem.
    faults.failCall(2, 'refused');
    grantsPull(await pull());
    expect(api.emf.named(METRIC.shareUseStampFailures)).toEqual([{ dimensions: { Kind: 'error' }, value: 1 }]);
    expect(log.errors).toEqual([
      {
        message: expect.stringContaining('not recorded'),
        fields: expect.objectContaining({ repository: 'demo/nginx', sharedWith: 'partner', error: 'InjectedFault' }),
      },
    ]);
    expect(await lastUse()).toEqual({ at: null, by: null });

    // Within the minute, this container leaves the share alone: a failing table is not tried per grant.
    api.clock.now = at(SHARE_USE_RETRY_MS - 1);
    expect(await updatesDuring(async () => grantsPull(await pull()))).toBe(0);
    api.clock.now = at(SHARE_USE_RETRY_MS);
    grantsPull(await pull());
    expect(await lastUse()).toEqual({ at: at(SHARE_USE_RETRY_MS).toISOString(), by: 'partner/pat' });
  });

  it('a throttled stamp: 200 all the same, counted as a throttle', async () => {
    await createShare(api);
    api.store.client.middlewareStack.add(
      (next) => async (args) => {
        // A throttle the SDK's retries did not absorb.
        if ((args.input as { UpdateExpression?: string }).UpdateExpression?.includes('lastUsedAt')) {
          throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
            name: 'ProvisionedThroughputExceededException',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'throttleStamps' },
    );
    grantsPull(await pull());
    expect(api.emf.named(METRIC.shareUseStampFailures)).toEqual([{ dimensions: { Kind: 'throttle' }, value: 1 }]);
    expect(await lastUse()).toEqual({ at: null, by: null });
  });

  it('a stamp that never answers is given up after its wait: the token is answered, the failure counted', async () => {
    await createShare(api);
    const faults = injectStoreFaults(api.store.client);
    faults.failCall(2, 'stalled');
    // Answered while the store still holds the stamp: it was not waited for.
    grantsPull(await pull());
    expect(api.emf.named(METRIC.shareUseStampFailures)).toEqual([{ dimensions: { Kind: 'error' }, value: 1 }]);
    faults.release();
  });
});
