import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JWKS_TIMEOUT_MS } from '../../lambda/auth/tokenVerifier.js';
import { AWS_CLIENT_TIMEOUTS } from '../../lambda/aws/clientTimeouts.js';
import { ErrorCodes } from '../../lambda/errors.js';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../local/embeddedDynamo.js';
import { type LocalService, startLocalService } from '../../local/service.js';
import { signToken } from '../../local/tokens.js';
import { FUNCTION_TIMEOUT } from '../../infra/constructs/ShareFunction.js';
import { OWNER, SHARES } from '../support/fixtures.js';

/**
 * A TCP relay in front of a store that can stall: while stalled it swallows what clients
 * send, so that requests are never answered, as a hung DynamoDB would do.
 */
async function startStallingRelay(target: string): Promise<{ url: string; stalled: boolean; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const relay = {
    url: '',
    stalled: false,
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
    client.on('data', (chunk) => relay.stalled || upstream.write(chunk));
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

describe('the store timeouts of the functions', () => {
  it('end every attempt and the back-off between them, after a JWKS fetch, inside the time a function may run', () => {
    const { connectionTimeoutMs, requestTimeoutMs, maxAttempts } = AWS_CLIENT_TIMEOUTS;
    // The SDK's standard retry waits at most 100 ms × 2^(attempt - 1) before each retry.
    const backOffMs = Array.from({ length: maxAttempts - 1 }, (_, i) => 100 * 2 ** i).reduce((a, b) => a + b, 0);
    expect(maxAttempts * (connectionTimeoutMs + requestTimeoutMs) + backOffMs).toBeLessThan(FUNCTION_TIMEOUT.toMilliseconds() - JWKS_TIMEOUT_MS);
  });
});
