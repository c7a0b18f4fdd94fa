import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalService, startLocalService } from '../../local/service.js';
import { signToken, type TokenRequest } from '../../local/iam/tokens.js';
import { matchRoute } from '../../local/server/router.js';
import type { RegistryConfig } from '../../lambda/runtime/config.js';
import { checkDocumentedAnswer } from './documentedAnswers.js';
import { serviceStoreOptions } from './store.js';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  rawBody: string;
  /** The parsed JSON body; `undefined` for an empty one. */
  body: any;
}

export interface HttpCallOptions {
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
}

export interface TestService {
  /** The server's base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Its DATA_DIR (the audit trail is there). */
  dataDir: string;
  sign(request: TokenRequest): Promise<string>;
  /** One request over HTTP, as any client of the API would send it; the answer must be documented. */
  call(method: string, path: string, options?: HttpCallOptions): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/** The local server on a free port, over an in-memory store, with a data folder of its own. */
export async function startTestService(
  options: { maxAccountsPerRepository?: number; now?: () => Date; registry?: RegistryConfig } = {},
): Promise<TestService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'swr-access-domains-'));
  let service: LocalService;
  try {
    service = await startLocalService({ dataDir, port: 0, inMemory: true, logLevel: 'SILENT', ...serviceStoreOptions(), ...options });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  async function call(method: string, path: string, options: HttpCallOptions = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers['X-Auth-Token'] = options.token;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(service.url + path, {
      method,
      headers,
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
    const rawBody = await response.text();
    const answer = { status: response.status, headers: response.headers, rawBody, body: rawBody ? JSON.parse(rawBody) : undefined };
    const route = matchRoute(method, new URL(path, service.url).pathname)?.route.path;
    checkDocumentedAnswer({ method, route, status: answer.status, body: answer.body });
    return answer;
  }

  return {
    url: service.url,
    dataDir,
    sign: (request) => signToken(service.devKeys.privateJwk, request),
    call,
    async close() {
      await service.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
