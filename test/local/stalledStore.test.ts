import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { sealerFromEnv } from '../../lambda/runtime/sealerFromEnv.js';
import { JWKS_TIMEOUT_MS } from '../../lambda/auth/tokenVerifier.js';
import { AWS_CLIENT_TIMEOUTS } from '../../lambda/aws/clientTimeouts.js';
import { ErrorCodes } from '../../lambda/errors.js';
import { kmsRootKeyFromEnv } from '../../lambda/runtime/kmsRootKeyFromEnv.js';
import { createRuntime } from '../../lambda/runtime/createRuntime.js';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../local/store/embeddedDynamo.js';
import { type LocalService, startLocalService } from '../../local/service.js';
import { signToken } from '../../local/iam/tokens.js';
import { FUNCTION_TIMEOUT } from '../../infra/constructs/ServiceFunction.js';
import { OWNER, SHARES } from '../support/fixtures.js';
import { type StoreRelay, startStoreRelay } from '../support/storeRelay.js';

let store: EmbeddedDynamo;
let relay: StoreRelay;
let service: LocalService;
let dataDir: string;
let token: string;

beforeAll(async () => {
  store = await startEmbeddedDynamo();
  relay = await startStoreRelay(store.endpoint);
  dataDir = await mkdtemp(join(tmpdir(), 'swr-stalled-'));
  service = await startLocalService({
    dataDir,
    port: 0,
    logLevel: 'SILENT',
    dynamodbEndpoint: relay.url,
    storeTimeouts: { connectionTimeoutMs: 300, requestTimeoutMs: 300, maxAttempts: 2 },
  });
  token = await signToken(service.devKeys.privateJwk, OWNER);
});

afterAll(async () => {
  await service?.close();
  await relay?.close();
  await store?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const create = (accessDomain: string) =>
  fetch(service.url + SHARES, {
    method: 'POST',
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
    body: JSON.stringify({ access_domain: accessDomain, permit: 'read', deadline: 'forever' }),
  });

describe('a store that stops answering', () => {
  it('is answered by a clean 500 once the store timeouts run out, and served again when it answers', async () => {
    relay.hold = 'all';
    const stalled = await create('partner');
    expect(stalled.status).toBe(500);
    expect(stalled.headers.get('x-request-id')).toBeTruthy();
    expect(await stalled.json()).toMatchObject({ errorCode: ErrorCodes.createFailed });

    relay.hold = undefined;
    // The write may have reached the store before it stalled on the answer: 201 or 409.
    expect([201, 409]).toContain((await create('partner')).status);
    expect((await create('other')).status).toBe(201);
    const listed = await fetch(service.url + SHARES, { headers: { 'X-Auth-Token': token } });
    expect(listed.status).toBe(200);
  }, 20_000);
});

describe('the AWS clients of the functions, on a DynamoDB and a KMS that never answer', () => {
  /** What the Lambda runtime gives every function: a region and credentials. */
  const runtimeEnv = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
  const saved = Object.fromEntries(Object.keys(runtimeEnv).map((name) => [name, process.env[name]]));
  beforeAll(() => {
    Object.assign(process.env, runtimeEnv);
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('give up, after every attempt they are allowed, in time for the function to answer a clean 500 even after a JWKS fetch', async () => {
    const budgetMs = FUNCTION_TIMEOUT.toMilliseconds() - JWKS_TIMEOUT_MS;
    // Built as the deployed functions build them, with the endpoints pointed at the stalled relay.
    const runtime = createRuntime(
      {
        tableName: 'shares',
        dynamodbEndpoint: relay.url,
        retentionDays: 30,
        maxAccountsPerRepository: 500,
        token: { issuer: 'issuer', audience: 'audience', algorithms: ['ES256'], keys: { jwks: { keys: [] } } },
      },
      { sealer: sealerFromEnv({ ACCESS_KEY_SEALING_KEY_ARN: 'arn:aws:kms:eu-west-1:123456789012:key/sealing', KMS_ENDPOINT: relay.url }) },
    );
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rootKey = kmsRootKeyFromEnv({
      REGISTRY_SIGNING_KEY_ARN: 'arn:aws:kms:eu-west-1:123456789012:key/signing',
      REGISTRY_SIGNING_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      KMS_ENDPOINT: relay.url,
    });
    /** How the call ended, and whether in time; a call still waiting well past the budget is not waited for. */
    const timed = async (call: () => Promise<unknown>) => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const error = await Promise.race([
        call().then(
          () => 'no error',
          (thrown: unknown) => (thrown as Error).name,
        ),
        new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve('still waiting'), budgetMs + 2_000);
        }),
      ]);
      clearTimeout(timer);
      return { error, withinBudget: performance.now() - started < budgetMs };
    };

    relay.hold = 'all';
    relay.swallowed = {};
    try {
      const outcomes = await Promise.all([
        timed(() => runtime.store.getShare({ namespace: 'demo', repository: 'nginx', accessDomain: 'partner' }, new Date())),
        timed(() => runtime.sealer.open('AK000000000000000001', Buffer.from('sealed').toString('base64'))),
        timed(() => rootKey.sign(Buffer.from('certificate'))),
      ]);
      expect(outcomes).toEqual([
        { error: 'TimeoutError', withinBudget: true },
        { error: 'TimeoutError', withinBudget: true },
        { error: 'TimeoutError', withinBudget: true },
      ]);
      const attempts = AWS_CLIENT_TIMEOUTS.maxAttempts;
      expect(relay.swallowed).toEqual({
        'DynamoDB_20120810.GetItem': attempts,
        'TrentService.Decrypt': attempts,
        'TrentService.Sign': attempts,
      });
    } finally {
      relay.hold = undefined;
    }
  }, 20_000);
});
