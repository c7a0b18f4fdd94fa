/**
 * Part 2's measuring process: the create handler as production builds it, the same handler
 * with the create before the limit (bench/requestOverhead/createWithoutLimit.ts), the same handler without
 * metrics and audit (bench/logging/noObservability.ts), and the floors, each
 * against the same embedded store, called one request at a time, interleaved in batches.
 * Each variant's creates are spread over its own repositories (bench/load/createSpread.ts). Sends
 * the per-request times to its parent over IPC. Its stdout is the log sink (the handlers
 * write one log line per request, as in production).
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createShareHandler } from '../../lambda/operations/createShare/handler.js';
import { createRuntime } from '../../lambda/runtime/createRuntime.js';
import { toApiGatewayEvent } from '../../local/server/apiGatewayEvent.js';
import { lambdaContext } from '../../local/server/server.js';
import { LOCAL_TABLE_NAME } from '../../local/store/createSharesTable.js';
import { signToken } from '../../local/iam/tokens.js';
import { randomBytes } from 'node:crypto';
import { AesGcmSecretSealer } from '../../local/accessKeys/AesGcmSecretSealer.js';
import { formatSdkDate, signSdkRequest } from '../../lambda/auth/sdkSignature.js';
import { generateAccessKeyPair } from '../../lambda/domain/accessKey.js';
import { type CreateSpread, spreadCreate } from '../load/createSpread.js';
import { ShareCreatorInTransaction } from './createInTransaction.js';
import { ShareCreatorWithoutLimit } from './createWithoutLimit.js';
import { createClaimFloorHandler } from '../floor/claimFloorHandler.js';
import { createFloorHandler } from '../floor/floorHandler.js';
import { startFunctionEnvironment } from '../standIns/functionEnvironment.js';
import { NO_METRICS } from '../../lambda/metrics/ServiceMetrics.js';
import { NO_OP_AUDIT_TRAIL } from '../logging/noObservability.js';

export interface OverheadLoopOptions {
  /** Timed requests per variant. */
  requests: number;
  /** Untimed requests per variant first, so that the JIT has settled. */
  warmup: number;
  /** Requests of one variant in a row before the next variant's turn. */
  batch: number;
  /** How each variant's creates are spread over repositories and accounts. */
  spread: CreateSpread;
  /** Write a V8 CPU profile of the timed requests (not the set-up) to this file. */
  profileFile?: string;
  /** Another DynamoDB (DynamoDB Local) instead of the embedded store. */
  dynamodbEndpoint?: string;
  /** The variants to run, interleaved in this order. */
  variants: Variant[];
}

export type Variant =
  | 'floor'
  | 'claimFloor'
  | 'withoutLimit'
  | 'full'
  | 'withoutObservability'
  | 'fullNewToken'
  | 'signed'
  | 'inTransaction';

export interface OverheadLoopResult {
  /** Per-request milliseconds of each variant that ran, in the order they ran. */
  samples: Partial<Record<Variant, number[]>>;
  batchSize: number;
  /** When each timed batch ran (on the profile's clock), to split a profile by variant. */
  batches: Array<{ variant: Variant; startUs: number; endUs: number }>;
}

const microseconds = () => Number(process.hrtime.bigint() / 1000n);

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const context = lambdaContext('createShare', 'bench');
const TABLE = LOCAL_TABLE_NAME;

async function main(options: OverheadLoopOptions): Promise<OverheadLoopResult> {
  const environment = await startFunctionEnvironment(options.dynamodbEndpoint);
  const { client, keys, config } = environment;
  const sealer = new AesGcmSecretSealer(randomBytes(32));
  const runtime = createRuntime(config, { client, sealer });
  const full = createShareHandler(runtime);
  // The same handler and caller, built by createRuntime with metrics and audit that do nothing.
  const withoutObservability = createShareHandler(createRuntime(config, { client, sealer, metrics: NO_METRICS, audit: NO_OP_AUDIT_TRAIL }));
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  // The same handler, runtime and caller, with the create as it was before the limit.
  const withoutLimit = createShareHandler({ ...runtime, store: new ShareCreatorWithoutLimit(documentClient, TABLE) });
  // The same handler, runtime and caller, with the claim and the share in one transaction.
  const inTransaction = createShareHandler({
    ...runtime,
    store: new ShareCreatorInTransaction(documentClient, TABLE, config.maxAccountsPerRepository, runtime.store),
  });
  const floor = createFloorHandler(documentClient, TABLE);
  const claimFloor = createClaimFloorHandler(documentClient, TABLE, config.maxAccountsPerRepository);
  const grant = { domain: 'owner', namespaces: { bench: 'manage' as const } };
  const oneToken = await signToken(keys.privateJwk, grant);
  // One access key of the same caller, for the signed variant (its secret cached after the first request).
  const key = generateAccessKeyPair();
  await runtime.accessKeys.createAccessKey({
    accessKey: key.accessKey,
    sealedSecret: await sealer.seal(key.accessKey, key.secretKey),
    status: 'active',
    caller: { userId: 'owner-id', userName: 'owner', domainId: 'owner-id', domainName: 'owner', namespaces: { bench: 'manage' } },
    description: 'bench',
    created: new Date().toISOString(),
  });

  const total = options.warmup + options.requests;
  async function eventsOf(variant: Variant): Promise<APIGatewayProxyEvent[]> {
    const events: APIGatewayProxyEvent[] = [];
    for (let i = 0; i < total; i += 1) {
      const token = variant === 'fullNewToken' ? await signToken(keys.privateJwk, { ...grant, user: `user${i}` }) : oneToken;
      const { repository, accessDomain } = spreadCreate(options.spread, variant.toLowerCase(), i);
      const path = `/v2/manage/namespaces/bench/repositories/${repository}/access-domains`;
      const body = JSON.stringify({ access_domain: accessDomain, permit: 'read', deadline: 'forever', description: 'bench' });
      const headers: Record<string, string> = { 'content-type': 'application/json', host: '127.0.0.1' };
      if (variant === 'signed') {
        // The SDK's headers, signed as it signs them; the date is within the 15 minute window for the whole run.
        headers['x-sdk-date'] = formatSdkDate(new Date());
        headers.authorization = signSdkRequest(
          { method: 'POST', path, query: {}, headers: { ...headers }, body },
          { accessKey: key.accessKey, secretKey: key.secretKey },
        );
      } else {
        headers['x-auth-token'] = token;
      }
      events.push(
        toApiGatewayEvent(
          {
            method: 'POST',
            path,
            query: new URLSearchParams(),
            headers,
            body,
            sourceIp: '127.0.0.1',
          },
          '/v2/manage/namespaces/{namespace}/repositories/{repository}/access-domains',
          { namespace: 'bench', repository },
        ),
      );
    }
    return events;
  }
  const { variants } = options;
  const handlers: Record<Variant, Handler> = {
    floor,
    claimFloor,
    withoutLimit,
    full,
    withoutObservability,
    fullNewToken: full,
    signed: full,
    inTransaction,
  };
  const events = Object.fromEntries(await Promise.all(variants.map(async (v) => [v, await eventsOf(v)]))) as Record<
    Variant,
    APIGatewayProxyEvent[]
  >;
  const samples = Object.fromEntries(variants.map((v) => [v, []])) as unknown as Record<Variant, number[]>;
  const next = Object.fromEntries(variants.map((v) => [v, 0])) as Record<Variant, number>;

  async function runBatch(variant: Variant, count: number, timed: boolean) {
    const handler = handlers[variant];
    for (let i = 0; i < count; i += 1) {
      const event = events[variant][next[variant]++]!;
      const started = performance.now();
      const result = await handler(event, context);
      const elapsed = performance.now() - started;
      if (result.statusCode !== 201) throw new Error(`${variant}: ${result.statusCode} ${result.body}`);
      if (timed) samples[variant].push(elapsed);
    }
  }

  for (const variant of variants) await runBatch(variant, options.warmup, false);
  const profiler = options.profileFile ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
    await profiler.post('Profiler.start');
  }
  const batches: OverheadLoopResult['batches'] = [];
  const rounds = Math.ceil(options.requests / options.batch);
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < variants.length; i += 1) {
      const variant = variants[(round + i) % variants.length]!;
      const startUs = microseconds();
      await runBatch(variant, Math.min(options.batch, options.requests - round * options.batch), true);
      batches.push({ variant, startUs, endUs: microseconds() });
    }
  }
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    await writeFile(options.profileFile!, JSON.stringify(profile));
    profiler.disconnect();
  }
  await environment.close();
  return { samples, batchSize: options.batch, batches };
}

const options = JSON.parse(process.argv[2] ?? '{}') as OverheadLoopOptions;
main(options).then(
  (result) => process.send!(result, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
