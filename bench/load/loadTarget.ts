/**
 * A process for the load generator to aim at, on 127.0.0.1, one of:
 * - `service`: the local service as `npm start` runs it (HTTP server, handlers and embedded
 *   store in one process, a log line per request to its stdout);
 * - `floorService`: the same HTTP server and embedded store, but every route answered by the
 *   floor of a create under the limit (floor/claimFloorHandler.ts: the roster claim's
 *   UpdateItem and the share's PutItem, the store calls no such create can do without), so
 *   that what the server and the SDK cost shows apart from what the real handler adds;
 * - `store`: the embedded store alone.
 * It tells its parent where it listens over IPC and ends when the parent lets go of it;
 * everything it holds is in memory.
 *
 * `tsx bench/load/loadTarget.ts service|floorService|store`
 */
import { rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApiGatewayHandler } from '../../local/server/allHandlers.js';
import { type Operation, OPERATIONS } from '../../lambda/operations/catalog.js';
import { generateDevKeys } from '../../local/iam/devKeys.js';
import { startEmbeddedDynamo } from '../../local/store/embeddedDynamo.js';
import { createLocalServer, listen } from '../../local/server/server.js';
import { startLocalService } from '../../local/service.js';
import { ensureSharesTable, localDynamoClient } from '../../local/store/createSharesTable.js';
import { signToken } from '../../local/iam/tokens.js';
import { createClaimFloorHandler } from '../floor/claimFloorHandler.js';
import { BENCH_NAMESPACE, type LoadTargetKind, type LoadTargetReady, type ProfileMessage, TABLE_NAME } from './loadRequests.js';

async function startService(): Promise<LoadTargetReady> {
  const dataDir = await mkdtemp(join(tmpdir(), 'swr-bench-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const service = await startLocalService({ dataDir, port: 0, inMemory: true, tableName: TABLE_NAME });
  const token = await signToken(service.devKeys.privateJwk, { domain: 'owner', namespaces: { [BENCH_NAMESPACE]: 'manage' } });
  return { url: service.url, token };
}

async function startStore(): Promise<LoadTargetReady> {
  const store = await startEmbeddedDynamo();
  const client = localDynamoClient(store.endpoint);
  await ensureSharesTable(client, TABLE_NAME);
  client.destroy();
  return { url: store.endpoint };
}

async function startFloorService(): Promise<LoadTargetReady> {
  const store = await startEmbeddedDynamo();
  const client = localDynamoClient(store.endpoint);
  await ensureSharesTable(client, TABLE_NAME);
  const floor = createClaimFloorHandler(
    DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    TABLE_NAME,
  );
  const handlers = {} as Record<Operation, ApiGatewayHandler>;
  for (const operation of OPERATIONS) handlers[operation] = floor;
  const server = createLocalServer({ handlers, privateJwk: (await generateDevKeys()).privateJwk });
  return { url: await listen(server, 0) };
}

const starters: Record<LoadTargetKind, () => Promise<LoadTargetReady>> = {
  service: startService,
  floorService: startFloorService,
  store: startStore,
};
const kind = process.argv[2] as LoadTargetKind;
if (!Object.hasOwn(starters, kind)) throw new Error('usage: tsx bench/load/loadTarget.ts service|floorService|store');
const ready = await starters[kind]();
// No graceful close: requests still in flight would only find their store gone. The parent
// may have let go already (another target failed to start): then there is no one to serve.
process.on('disconnect', () => process.exit(0));
if (!process.connected) process.exit(0);
process.send!(ready);

// `{ profile: 'start' }` … `{ profile: 'stop', file }`: a V8 CPU profile of what happens in
// between, written to `file`; each answered with the same message once done.
const profiler = new Session();
profiler.connect();
process.on('message', (message: ProfileMessage) => {
  const answer = () => process.send!(message);
  if (message.profile === 'start') {
    void profiler
      .post('Profiler.enable')
      .then(() => profiler.post('Profiler.start'))
      .then(answer);
  } else {
    void profiler
      .post('Profiler.stop')
      .then(({ profile }) => writeFile(message.file, JSON.stringify(profile)))
      .then(answer);
  }
});
