import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes } from '../../../lambda/errors.js';
import { type LocalService, startLocalService } from '../../../local/service.js';
import type { ServerLimits } from '../../../local/http/serverLimits.js';
import { connectTo, parseRawAnswer, rawExchange, readUntilClosed } from '../../support/rawHttp.js';

/** The local server on a free port over an in-memory store, with these limits. */
async function startServer(limits: Partial<ServerLimits> = {}): Promise<{ service: LocalService; close(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'swr-http-'));
  const service = await startLocalService({ dataDir, port: 0, inMemory: true, logLevel: 'SILENT', serverLimits: limits });
  return {
    service,
    async close() {
      await service.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An answer in the API's error format, with a request id, on a connection the server closed. */
function expectApiError(answer: ReturnType<typeof parseRawAnswer>, status: number, errorCode: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers['x-request-id']).toMatch(UUID);
  expect(answer.headers['content-type']).toBe('application/json');
  expect(JSON.parse(answer.body)).toMatchObject({ errorCode, error_code: errorCode, errorMessage: expect.any(String) });
}

describe('the local server, faced with requests HTTP refuses', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const host = 'Host: 127.0.0.1\r\n';
  it.each([
    ['a NUL byte in the path', `GET /v2/\0 HTTP/1.1\r\n${host}\r\n`],
    [
      'a non-ASCII byte in the path',
      Buffer.concat([Buffer.from('GET /v2/'), Buffer.from([0xe9]), Buffer.from(` HTTP/1.1\r\n${host}\r\n`)]),
    ],
    ['an unknown method', `BREW /v2 HTTP/1.1\r\n${host}\r\n`],
    [
      'Content-Length together with Transfer-Encoding',
      `POST /v3/auth/tokens HTTP/1.1\r\n${host}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ],
    [
      'a chunked body with a bad chunk size',
      `POST /v3/auth/tokens HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
    ],
    ['a line that is no HTTP at all', 'hello\r\n\r\n'],
  ])('answers %s with 400 in the API error format, then closes', async (_what, bytes) => {
    expectApiError(await rawExchange(server.service.url, bytes), 400, ErrorCodes.invalidParameter);
  });

  it('answers headers over the limit with 431 in the API error format, then closes', async () => {
    const answer = await rawExchange(server.service.url, `GET /openapi.json HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectApiError(answer, 431, ErrorCodes.invalidParameter);
  });

  it('answers CONNECT (which Node would close without a word) with 404 no such route', async () => {
    const answer = await rawExchange(server.service.url, `CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n`);
    expectApiError(answer, 404, ErrorCodes.noSuchRoute);
  });

  it('still serves well-formed requests on the same server', async () => {
    const answer = await fetch(`${server.service.url}/openapi.json`);
    expect(answer.status).toBe(200);
  });

  it('answers 30 uploads of 10 MB in a row with 413, each read in full by its client', async () => {
    const body = Buffer.alloc(10 * 1024 * 1024, 'a');
    for (let i = 0; i < 30; i++) {
      const answer = await new Promise<{ status: number; requestId: string | undefined; body: string }>((resolve, reject) => {
        const upload = request(`${server.service.url}/v3/auth/tokens`, {
          method: 'POST',
          agent: false,
          headers: { 'Content-Type': 'application/json' },
        });
        upload.once('error', reject); // EPIPE or ECONNRESET here is the failure this guards against
        upload.once('response', (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.once('end', () =>
            resolve({ status: response.statusCode!, requestId: response.headers['x-request-id'] as string, body: text }),
          );
        });
        upload.end(body);
      });
      expect(answer.status).toBe(413);
      expect(answer.requestId).toMatch(UUID);
      expect(JSON.parse(answer.body)).toMatchObject({ errorCode: ErrorCodes.tooLong });
    }
  }, 120_000);
});

describe('the local server, faced with slow and idle clients', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ headersTimeoutMs: 500, requestTimeoutMs: 1_000, keepAliveTimeoutMs: 300, checkIntervalMs: 100 });
  });
  afterAll(() => server.close());

  it('answers a client that sends its headers a byte at a time (slowloris) with 408, and closes', async () => {
    const socket = await connectTo(server.service.url);
    const closed = readUntilClosed(socket);
    socket.write('GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const trickle = setInterval(() => socket.writable && socket.write('X'), 50);
    try {
      expectApiError(parseRawAnswer(await closed), 408, ErrorCodes.invalidParameter);
    } finally {
      clearInterval(trickle);
    }
  });

  it('closes a connection that never sends anything', async () => {
    const socket = await connectTo(server.service.url);
    await readUntilClosed(socket);
    expect(socket.destroyed).toBe(true);
  });

  it('closes a keep-alive connection left idle after its request', async () => {
    const socket = await connectTo(server.service.url);
    const closed = readUntilClosed(socket);
    socket.write('GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    expect(parseRawAnswer(await closed).status).toBe(200);
  });
});

describe('the local server, faced with more connections than it takes', () => {
  it('closes connections over its cap as they arrive, and serves again once others are gone', async () => {
    const server = await startServer({ maxConnections: 2 });
    try {
      const held = [await connectTo(server.service.url), await connectTo(server.service.url)];
      // Node counts a connection once it has accepted it: wait until both are in.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const extra = await connectTo(server.service.url);
      expect(await readUntilClosed(extra)).toBe('');
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await fetch(`${server.service.url}/openapi.json`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
