import { createServer, type IncomingHttpHeaders, request as forward } from 'node:http';
import { listen } from '../../local/server/server.js';

/** One request a client sent and the answer it got, as they were on the wire. */
export interface Exchange {
  method: string;
  path: string;
  requestHeaders: IncomingHttpHeaders;
  requestBody: string;
  status: number;
  responseHeaders: IncomingHttpHeaders;
  responseBody: string;
}

export interface RecordingProxy {
  url: string;
  /** Every exchange so far, oldest first. */
  exchanges: Exchange[];
  close(): Promise<void>;
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * An HTTP proxy in front of `target` that passes every request and answer through unchanged
 * and keeps a copy of both, so that a test can compare what a client library reports with
 * what the server really sent it.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const exchanges: Exchange[] = [];
  const server = createServer((incoming, outgoing) => {
    void readAll(incoming).then((requestBody) => {
      const upstream = forward(target + incoming.url, { method: incoming.method, headers: incoming.headers }, (answer) => {
        void readAll(answer).then((responseBody) => {
          exchanges.push({
            method: incoming.method ?? '',
            path: incoming.url ?? '',
            requestHeaders: incoming.headers,
            requestBody: requestBody.toString('utf8'),
            status: answer.statusCode ?? 0,
            responseHeaders: answer.headers,
            responseBody: responseBody.toString('utf8'),
          });
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          outgoing.end(responseBody);
        });
      });
      upstream.on('error', () => {
        outgoing.writeHead(502);
        outgoing.end();
      });
      upstream.end(requestBody);
    });
  });
  const url = await listen(server, 0);
  return {
    url,
    exchanges,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
