import dynalite from 'dynalite';
import type { AddressInfo } from 'node:net';

export interface EmbeddedDynamo {
  /** e.g. `http://127.0.0.1:41234` */
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite, a DynamoDB-compatible server in this process, on a free loopback port.
 * With `path` the data is kept in that LevelDB folder; without it, in memory.
 */
export async function startEmbeddedDynamo(options: { path?: string } = {}): Promise<EmbeddedDynamo> {
  const server = dynalite({ ...options, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
