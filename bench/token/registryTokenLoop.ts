/**
 * The registry token endpoint's measuring process: the token handler as production builds
 * it (a partner pulling through a share: one GetItem, one ES256 signature with the current
 * short-lived key, plus parsing, authentication, validation and the log line) against its
 * floor (the same GetItem and a local ES256 signature over a token of the same size,
 * nothing else), on one embedded store, called one request at a time, interleaved in
 * batches. The handler runs three ways:
 * - `full`: short-lived keys certified by a root key in memory (as `npm start` runs it);
 * - `kms`: short-lived keys certified by a KmsRootKey whose KMS is the local stand-in, in a
 *   process of its own, answering each call after `kmsDelayMs` (a KMS round trip): the
 *   deployed design, which calls KMS once per key (an hour), never per token;
 * - `perTokenKms`: the design before, modelled in bench/token/perTokenKms.ts: one KMS Sign per
 *   token through the same KmsRootKey and stand-in.
 * `kmsUnstamped` is `kms` with the stamp of the share's last use off (bench/token/withoutShareUseStamps.ts).
 * Then it counts the stand-in's Sign calls over `kmsCount` requests through a fresh `kms`
 * handler (from no key at all) and a fresh `perTokenKms` one, `countConcurrency` at a time,
 * and the table writes over the `kms` ones, through the share reset to never used.
 * Its stdout is the log sink.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { generateKeyPairSync, sign } from 'node:crypto';
import { timeoutClientOptions } from '../../lambda/aws/clientTimeouts.js';
import { DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY, registryConfigFromEnv } from '../../lambda/runtime/config.js';
import { issueRegistryTokenHandler } from '../../lambda/operations/issueRegistryToken/handler.js';
import { KmsRootKey } from '../../lambda/registry/KmsRootKey.js';
import { ShortLivedSigningKeys } from '../../lambda/registry/ShortLivedSigningKeys.js';
import { createRuntime } from '../../lambda/runtime/createRuntime.js';
import { DynamoShareStore } from '../../lambda/store/DynamoShareStore.js';
import { accountKey, repositoryKey } from '../../lambda/store/tableDesign.js';
import { toApiGatewayEvent } from '../../local/server/apiGatewayEvent.js';
import { LOCAL_TABLE_NAME } from '../../local/store/createSharesTable.js';
import { inMemoryRootKey } from '../../local/registry/registryKeys.js';
import { lambdaContext } from '../../local/server/server.js';
import { signToken } from '../../local/iam/tokens.js';
import { startFunctionEnvironment } from '../standIns/functionEnvironment.js';
import { PerTokenKmsSigningKeys } from './perTokenKms.js';
import { UNOBSERVED } from '../logging/noObservability.js';
import { startRemoteKmsStandIn } from '../standIns/remoteKmsStandIn.js';
import { withoutShareUseStamps } from './withoutShareUseStamps.js';

export interface TokenLoopOptions {
  requests: number;
  warmup: number;
  batch: number;
  /** How long the KMS stand-in takes to answer each call, in ms. */
  kmsDelayMs: number;
  /** Requests over which the stand-in's Sign calls are counted, per design. */
  kmsCount: { kms: number; perTokenKms: number };
  /** Requests in flight at once while counting. */
  countConcurrency: number;
}

export const TOKEN_VARIANTS = ['floor', 'full', 'kms', 'kmsUnstamped', 'kmsUnobserved', 'perTokenKms'] as const;
export type TokenVariant = (typeof TOKEN_VARIANTS)[number];

export interface KmsCallCount {
  requests: number;
  signCalls: number;
}

export interface TokenLoopResult {
  samples: Record<TokenVariant, number[]>;
  batchSize: number;
  kmsCalls: { kms: KmsCallCount; perTokenKms: KmsCallCount };
  /** The table writes (UpdateItem) while the `kms` requests were counted, through one share not used before. */
  storeWrites: { requests: number; writes: number };
}

const TABLE = LOCAL_TABLE_NAME;
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/bench-registry-root';
const context = lambdaContext('issueRegistryToken', 'bench');

/** Counts the UpdateItems `client` sends (the handlers' clients are built on it), as they go on the wire. */
function countUpdateItems(client: DynamoDBClient): { count: number } {
  const counter = { count: 0 };
  client.middlewareStack.add(
    (next) => async (args) => {
      const target = String((args.request as { headers: Record<string, string> }).headers['x-amz-target'] ?? '');
      if (target.endsWith('.UpdateItem')) counter.count += 1;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'countUpdateItems' },
  );
  return counter;
}

async function main(options: TokenLoopOptions): Promise<TokenLoopResult> {
  const environment = await startFunctionEnvironment();
  const standIn = await startRemoteKmsStandIn({ keyArn: KEY_ARN, delayMs: options.kmsDelayMs });
  // As kmsRootKeyFromEnv builds it on AWS, with the stand-in as KMS_ENDPOINT.
  const kmsClient = new KMSClient({
    ...timeoutClientOptions(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    endpoint: standIn.endpoint,
  });
  try {
    const { client, keys, config } = environment;
    const documentClient = DynamoDBDocumentClient.from(client);
    const tableWrites = countUpdateItems(client);
    const kmsRoot = new KmsRootKey(kmsClient, KEY_ARN, standIn.publicKey);
    const handlerWith = (signingKeys: ShortLivedSigningKeys, { observed = true, stamped = true } = {}) => {
      const runtime = createRuntime(config, observed ? { client } : { client, ...UNOBSERVED });
      return issueRegistryTokenHandler({
        ...runtime,
        ...(!stamped && { store: withoutShareUseStamps(runtime.store) }),
        registry: { ...registryConfigFromEnv({}), signingKeys },
      });
    };
    const full = handlerWith(new ShortLivedSigningKeys(inMemoryRootKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)));
    const kms = handlerWith(new ShortLivedSigningKeys(kmsRoot));
    // The same with the stamp of the share's last use off: what the stamp costs.
    const kmsUnstamped = handlerWith(new ShortLivedSigningKeys(kmsRoot), { stamped: false });
    // The same, without what it writes per request (its one line: log, metrics, audit event): what that costs.
    const kmsUnobserved = handlerWith(new ShortLivedSigningKeys(kmsRoot), { observed: false });

    // The share the partner pulls through, written by the store as createShare writes it.
    const store = new DynamoShareStore(documentClient, TABLE, DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY);
    const now = new Date();
    await store.createShare(
      {
        namespace: 'bench',
        repository: 'app',
        accessDomain: 'partner',
        ownerDomain: 'owner',
        permit: 'read',
        deadline: 'forever',
        description: '',
        creatorId: 'o',
        creatorName: 'o',
        created: now.toISOString(),
        updated: now.toISOString(),
        activeUntil: undefined,
        removeAt: undefined,
      },
      now,
    );
    const key = { pk: repositoryKey('bench', 'app'), sk: accountKey('partner') };
    const password = await signToken(keys.privateJwk, { domain: 'partner' });
    const event: APIGatewayProxyEvent = toApiGatewayEvent(
      {
        method: 'GET',
        path: '/registry/token',
        query: new URLSearchParams({ service: registryConfigFromEnv({}).service, scope: 'repository:bench/app:pull', account: 'partner' }),
        headers: { authorization: `Basic ${Buffer.from(`partner:${password}`).toString('base64')}`, host: '127.0.0.1' },
        body: null,
        sourceIp: '127.0.0.1',
      },
      '/registry/token',
      {},
    );
    type Handler = typeof full;
    // middy changes the event it is given (its headers are normalised): each call gets a copy,
    // as each invocation gets a fresh event from API Gateway. Copies made while timed are made
    // before the clock starts, so that the handler is not charged for the bench's own work.
    const copies: APIGatewayProxyEvent[] = [];
    const call = async (handler: Handler) => {
      const result = await handler(copies.pop() ?? structuredClone(event), context);
      if (result.statusCode !== 200) throw new Error(`${result.statusCode} ${result.body}`);
      return result;
    };
    // A token as the handler makes it (x5c header included): what the floor signs.
    const sample = JSON.parse((await call(full)).body) as { token: string };
    const signingInput = Buffer.from(sample.token.slice(0, sample.token.lastIndexOf('.')));
    // The per-token design's key is certified before anything is timed or counted.
    const perTokenKey = await new ShortLivedSigningKeys(kmsRoot).current(new Date());
    const perTokenKms = handlerWith(new PerTokenKmsSigningKeys(kmsRoot, perTokenKey, signingInput));

    const floorKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const floor = async () => {
      const { Item } = await documentClient.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }));
      if (!Item) throw new Error('the share is missing');
      return sign('sha256', signingInput, { key: floorKey, dsaEncoding: 'ieee-p1363' });
    };
    const variants: Record<TokenVariant, () => Promise<unknown>> = {
      floor,
      full: () => call(full),
      kms: () => call(kms),
      kmsUnstamped: () => call(kmsUnstamped),
      kmsUnobserved: () => call(kmsUnobserved),
      perTokenKms: () => call(perTokenKms),
    };

    const samples: Record<TokenVariant, number[]> = { floor: [], full: [], kms: [], kmsUnstamped: [], kmsUnobserved: [], perTokenKms: [] };
    async function runBatch(variant: TokenVariant, count: number, timed: boolean) {
      if (variant !== 'floor') for (let i = 0; i < count; i += 1) copies.push(structuredClone(event));
      for (let i = 0; i < count; i += 1) {
        const started = performance.now();
        await variants[variant]();
        if (timed) samples[variant].push(performance.now() - started);
      }
    }
    for (const variant of TOKEN_VARIANTS) await runBatch(variant, options.warmup, false);
    const rounds = Math.ceil(options.requests / options.batch);
    for (let round = 0; round < rounds; round += 1) {
      for (let i = 0; i < TOKEN_VARIANTS.length; i += 1) {
        const variant = TOKEN_VARIANTS[(round + i) % TOKEN_VARIANTS.length]!;
        await runBatch(variant, Math.min(options.batch, options.requests - round * options.batch), true);
      }
    }

    /** The stand-in's Sign calls while `requests` requests go through `handler`, `countConcurrency` at a time. */
    async function countSigns(handler: Handler, requests: number): Promise<KmsCallCount> {
      const before = await standIn.calls('Sign');
      let sent = 0;
      const worker = async () => {
        while (sent < requests) {
          sent += 1;
          await call(handler);
        }
      };
      await Promise.all(Array.from({ length: Math.min(options.countConcurrency, requests) }, worker));
      return { requests, signCalls: (await standIn.calls('Sign')) - before };
    }
    // Fresh handlers, as in a new process: the short-lived design starts with no key at all;
    // and the share as never used, so that its first grant writes its last use.
    await documentClient.send(new UpdateCommand({ TableName: TABLE, Key: key, UpdateExpression: 'REMOVE lastUsedAt, lastUsedBy' }));
    const writesBefore = tableWrites.count;
    const kmsSigns = await countSigns(handlerWith(new ShortLivedSigningKeys(kmsRoot)), options.kmsCount.kms);
    const storeWrites = { requests: options.kmsCount.kms, writes: tableWrites.count - writesBefore };
    const kmsCalls = {
      kms: kmsSigns,
      perTokenKms: await countSigns(
        handlerWith(new PerTokenKmsSigningKeys(kmsRoot, perTokenKey, signingInput)),
        options.kmsCount.perTokenKms,
      ),
    };
    return { samples, batchSize: options.batch, kmsCalls, storeWrites };
  } finally {
    kmsClient.destroy();
    await standIn.stop();
    await environment.close();
  }
}

const options = JSON.parse(process.argv[2] ?? '{}') as TokenLoopOptions;
main(options).then(
  (result) => process.send!(result, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
