import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of a store (DynamoDB or KMS over HTTP) that can hold requests back,
 * as a hung store would: held chunks are swallowed, never sent on, and each request held is
 * counted by its `X-Amz-Target`.
 */
export interface StoreRelay {
  url: string;
  /**
   * What to hold back: nothing (`undefined`), every chunk (`'all'`), or the requests of one
   * `X-Amz-Target`, e.g. `DynamoDB_20120810.PutItem`.
   */
  hold: 'all' | string | undefined;
  /** The requests held since the last reset, by X-Amz-Target (one per attempt). */
  swallowed: Record<string, number>;
  close(): Promise<void>;
}

export async function startStoreRelay(target: string): Promise<StoreRelay> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.once('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk: Buffer) => {
      const requestTarget = /^x-amz-target: *(\S+)/im.exec(chunk.toString('latin1'))?.[1];
      const held = relay.hold === 'all' || (relay.hold !== undefined && requestTarget === relay.hold);
      if (!held) {
        upstream.write(chunk);
        return;
      }
      if (requestTarget) relay.swallowed[requestTarget] = (relay.swallowed[requestTarget] ?? 0) + 1;
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const relay: StoreRelay = {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    hold: undefined,
    swallowed: {},
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return relay;
}
