/**
 * The registry token endpoint's measuring process: the token handler as production builds
 * it (a partner pulling through a share: one GetItem, one ES256 signature, plus parsing,
 * authentication, validation and the log line) against its floor (the same GetItem and a
 * signature over a token of the same size, nothing else), on one embedded store, called
 * one request at a time, interleaved in batches. Its stdout is the log sink.
 */
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoShareStore } from '../lambda/store/DynamoShareStore.js';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { generateKeyPairSync, sign } from 'node:crypto';
import { registryConfigFromEnv } from '../lambda/config.js';
import { issueRegistryTokenHandler } from '../lambda/operations/issueRegistryToken.js';
import { libtrustKeyId } from '../lambda/registry/keyId.js';
import { createRuntime } from '../lambda/runtime.js';
import { accountKey, repositoryKey } from '../lambda/store/tableDesign.js';
import { toApiGatewayEvent } from '../local/apiGatewayEvent.js';
import { lambdaContext } from '../local/server.js';
import { LOCAL_TABLE_NAME } from '../local/createSharesTable.js';
import { signToken } from '../local/tokens.js';
import { startFunctionEnvironment } from './functionEnvironment.js';

export interface TokenLoopOptions {
  requests: number;
  warmup: number;
  batch: number;
}

export const TOKEN_VARIANTS = ['floor', 'full'] as const;
export type TokenVariant = (typeof TOKEN_VARIANTS)[number];

export interface TokenLoopResult {
  samples: Record<TokenVariant, number[]>;
  batchSize: number;
}

const TABLE = LOCAL_TABLE_NAME;
const context = lambdaContext('issueRegistryToken', 'bench');

async function main(options: TokenLoopOptions): Promise<TokenLoopResult> {
  const environment = await startFunctionEnvironment();
  const { client, keys, config } = environment;
  const documentClient = DynamoDBDocumentClient.from(client);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer = {
    publicKey,
    sign: async (data: Uint8Array) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  };
  const registry = { ...registryConfigFromEnv({}), signer, keyId: libtrustKeyId(publicKey) };
  const full = issueRegistryTokenHandler({ ...createRuntime(config, { client }), registry });

  // The share the partner pulls through, written by the store as createShare writes it.
  const store = new DynamoShareStore(documentClient, TABLE);
  const now = new Date();
  await store.createShare(
    {
      namespace: 'bench', repository: 'app', accessDomain: 'partner', ownerDomain: 'owner', permit: 'read',
      deadline: 'forever', description: '', creatorId: 'o', creatorName: 'o', created: now.toISOString(),
      updated: now.toISOString(), activeUntil: undefined, removeAt: undefined,
    },
    now,
  );
  const key = { pk: repositoryKey('bench', 'app'), sk: accountKey('partner') };
  const password = await signToken(keys.privateJwk, { domain: 'partner' });
  const event: APIGatewayProxyEvent = toApiGatewayEvent(
    {
      method: 'GET',
      path: '/registry/token',
      query: new URLSearchParams({ service: registry.service, scope: 'repository:bench/app:pull', account: 'partner' }),
      headers: { authorization: `Basic ${Buffer.from(`partner:${password}`).toString('base64')}`, host: '127.0.0.1' },
      body: null,
      sourceIp: '127.0.0.1',
    },
    '/registry/token',
    {},
  );
  const sample = JSON.parse((await full(structuredClone(event), context)).body) as { token: string };
  const signingInput = sample.token.slice(0, sample.token.lastIndexOf('.'));

  const floor = async () => {
    const { Item } = await documentClient.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }));
    if (!Item) throw new Error('the share is missing');
    return signer.sign(Buffer.from(signingInput));
  };
  const variants: Record<TokenVariant, () => Promise<unknown>> = {
    floor,
    full: async () => {
      const result = await full(structuredClone(event), context);
      if (result.statusCode !== 200) throw new Error(`${result.statusCode} ${result.body}`);
    },
  };

  const samples: Record<TokenVariant, number[]> = { floor: [], full: [] };
  async function runBatch(variant: TokenVariant, count: number, timed: boolean) {
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
  await environment.close();
  return { samples, batchSize: options.batch };
}

const options = JSON.parse(process.argv[2] ?? '{}') as TokenLoopOptions;
main(options).then(
  (result) => process.send!(result, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
