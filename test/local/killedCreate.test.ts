import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoShareStore } from '../../lambda/store/DynamoShareStore.js';
import { CLAIM_HOLD_MS } from '../../lambda/store/ShareRoster.js';
import { repositoryKey, ROSTER_SORT_KEY } from '../../lambda/store/tableDesign.js';
import { LOCAL_TABLE_NAME, localDynamoClient } from '../../local/store/createSharesTable.js';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../local/store/embeddedDynamo.js';
import { freePort } from '../../local/registry/registryProcess.js';
import { foreverShare } from '../support/fixtures.js';
import { type RunningMain, startMain } from '../support/startMain.js';
import { type StoreRelay, startStoreRelay } from '../support/storeRelay.js';

/**
 * The real server killed (SIGKILL) in the middle of a create, between its claim on the
 * repository's roster and the write of the share: the limit is never exceeded, the place the
 * dead create claimed is held for at most the claim's hold, and then it heals by itself.
 */

const LIMIT = 2;
const PUT_ITEM = 'DynamoDB_20120810.PutItem';

let dataDir: string;
let store: EmbeddedDynamo;
let relay: StoreRelay;
let server: RunningMain | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'swr-killed-create-'));
  store = await startEmbeddedDynamo();
  relay = await startStoreRelay(store.endpoint);
});
afterAll(async () => {
  await server?.stop();
  await relay?.close();
  await store?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function startServer(port: number): Promise<RunningMain> {
  return startMain({
    PORT: String(port),
    DATA_DIR: dataDir,
    DYNAMODB_ENDPOINT: relay.url,
    MAX_ACCOUNTS_PER_REPOSITORY: String(LIMIT),
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
}

/** The token `npm start` printed in its banner. */
const tokenOf = (banner: string) => /^export TOKEN=(\S+)$/m.exec(banner)![1]!;

function create(port: number, token: string, account: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/v2/manage/namespaces/demo/repositories/nginx/access-domains`, {
    method: 'POST',
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
    body: JSON.stringify({ access_domain: account, permit: 'read', deadline: 'forever' }),
  });
}

describe('a server killed between the claim and the share of a create', () => {
  it('leaves the repository within its limit, holds the dead claim only for its hold, and heals by itself', async () => {
    const port = await freePort();
    server = await startServer(port);
    const token = tokenOf(server.banner);
    expect((await create(port, token, 'first')).status).toBe(201);

    relay.hold = PUT_ITEM;
    const dying = create(port, token, 'victim').catch(() => undefined);
    const deadline = Date.now() + 10_000;
    while (!relay.swallowed[PUT_ITEM] && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(relay.swallowed[PUT_ITEM]).toBe(1); // the claim went through; the share's PutItem never reaches the store
    server.child.kill('SIGKILL');
    await server.stop();
    await dying;
    relay.hold = undefined;

    const documents = DynamoDBDocumentClient.from(localDynamoClient(store.endpoint));
    const { Item: roster } = await documents.send(
      new GetCommand({
        TableName: LOCAL_TABLE_NAME,
        Key: { pk: repositoryKey('demo', 'nginx'), sk: ROSTER_SORT_KEY },
        ConsistentRead: true,
      }),
    );
    expect(Object.keys(roster!.holders).sort()).toEqual(['first', 'victim']);

    // The restarted server: the dead claim still holds its place, so the limit is reached.
    server = await startServer(port);
    const refused = await create(port, tokenOf(server.banner), 'second');
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errorCode: string }).errorCode).toBe('SVCSTG.SWR.4000090');

    // Once the hold is over (the clock moved on), the next create takes the place back.
    const later = new Date(Date.now() + CLAIM_HOLD_MS + 1000);
    const shares = new DynamoShareStore(documents, LOCAL_TABLE_NAME, LIMIT);
    await shares.createShare(foreverShare({ namespace: 'demo', repository: 'nginx', accessDomain: 'second' }, later), later);
    expect((await shares.listShares({ namespace: 'demo', repository: 'nginx' }, later)).map((share) => share.accessDomain).sort()).toEqual([
      'first',
      'second',
    ]);
  }, 60_000);
});
