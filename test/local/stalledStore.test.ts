import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { sealerFromEnv } from '../../lambda/auth/sealerFromEnv.js';
import { JWKS_TIMEOUT_MS } from '../../lambda/auth/tokenVerifier.js';
import { AWS_CLIENT_TIMEOUTS } from '../../lambda/aws/clientTimeouts.js';
import { ErrorCodes } from '../../lambda/errors.js';
import { kmsRootKeyFromEnv } from '../../lambda/registry/kmsRootKeyFromEnv.js';
import { createRuntime } from '../../lambda/runtime.js';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../local/embeddedDynamo.js';
import { type LocalService, startLocalService } from '../../local/service.js';
import { signToken } from '../../local/tokens.js';
import { FUNCTION_TIMEOUT } from '../../infra/constructs/ServiceFunction.js';
import { OWNER, SHARES } from '../support/fixtures.js';

/**
 * A TCP relay in front of a store that can stall: while stalled it swallows what clients
 * send, so that requests are never answered, as a hung DynamoDB would do.
 */
async function startStallingRelay(
  target: string,
): Promise<{ url: string; stalled: boolean; swallowed: Record<string, number>; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const relay = {
    url: '',
    stalled: false,
    /** The requests swallowed while stalled, by their X-Amz-Target (one per attempt). */
    swallowed: {} as Record<string, number>,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.once('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk: Buffer) => {
      if (!relay.stalled) return upstream.write(chunk);
      const target = /^x-amz-target: *(\S+)/im.exec(chunk.toString('latin1'))?.[1];
      if (target) relay.swallowed[target] = (relay.swallowed[target] ?? 0) + 1;
      return false;
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return relay;
}

let store: EmbeddedDynamo;
let relay: Awaited<ReturnType<typeof startStallingRelay>>;
let service: LocalService;
let dataDir: string;
let token: string;

beforeAll(async () => {
  store = await startEmbeddedDynamo();
  relay = await startStallingRelay(store.endpoint);
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
    relay.stalled = true;
    const stalled = await create('partner');
    expect(stalled.status).toBe(500);
    expect(stalled.headers.get('x-request-id')).toBeTruthy();
    expect(await stalled.json()).toMatchObject({ errorCode: ErrorCodes.createFailed });

    relay.stalled = false;
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

    relay.stalled = true;
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
      relay.stalled = false;
    }
  }, 20_000);
});
