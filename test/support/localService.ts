import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalService, startLocalService } from '../../local/service.js';
import { signToken, type TokenRequest } from '../../local/tokens.js';

export interface TestService {
  /** The server's base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  sign(request: TokenRequest): Promise<string>;
  close(): Promise<void>;
}

/** The local server on a free port, over an in-memory store, with a data folder of its own. */
export async function startTestService(): Promise<TestService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'swr-access-domains-'));
  let service: LocalService;
  try {
    service = await startLocalService({ dataDir, port: 0, inMemory: true, logLevel: 'SILENT' });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: service.url,
    sign: (request) => signToken(service.devKeys.privateJwk, request),
    async close() {
      await service.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
