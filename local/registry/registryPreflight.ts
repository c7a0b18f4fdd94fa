import type { ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { decodeProtectedHeader } from 'jose';
import { ConfigError } from '../../lambda/runtime/config.js';
import { REGISTRY_TOKEN_PATH } from '../../lambda/operations/paths.js';
import type { RegistrySetup } from './registryConfig.js';

/**
 * What `npm run registry` checks before it says it runs, so that its one line of success is
 * true: the registry itself would log a fatal error only after that line (a taken port), or
 * start and then refuse every client (no token service behind it, or one whose tokens it
 * cannot verify).
 */

/** How long the token service may take to answer. */
const API_TIMEOUT_MS = 5_000;
/** How long the registry may take to accept connections once started. */
const LISTEN_TIMEOUT_MS = 10_000;

function hostAndPort(listen: string): { host: string; port: number } {
  const colon = listen.lastIndexOf(':');
  // `:5000` listens on every address, as Go reads it.
  return { host: listen.slice(0, colon) || '0.0.0.0', port: Number(listen.slice(colon + 1)) };
}

/** The address is free: this process binds it for a moment, then gives it back. */
export async function checkListenAddressFree(listen: string): Promise<void> {
  const { host, port } = hostAndPort(listen);
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ host, port, exclusive: true }, resolve);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new ConfigError(
        `--listen ${listen}: port ${port} on ${host} is already in use (by another registry?): stop it, or choose another port with --listen <host:port>`,
      );
    if (code === 'EACCES')
      throw new ConfigError(
        `--listen ${listen}: port ${port} needs privileges this user lacks: choose 1024 or above with --listen <host:port>`,
      );
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      throw new ConfigError(`--listen ${listen}: no address ${host} on this machine: use e.g. --listen 127.0.0.1:${port}`);
    throw error;
  }
  await new Promise((resolve) => probe.close(resolve));
}

/**
 * The server the registry will send clients to answers at its token endpoint, for this
 * registry's service, with tokens the registry can verify: their certificate chains to the
 * certificate in the registry's `rootcertbundle` (a server of another DATA_DIR signs with
 * another root key).
 */
export async function checkTokenService(setup: Pick<RegistrySetup, 'apiUrl' | 'service' | 'certificateFile'>): Promise<void> {
  const url = `${setup.apiUrl}${REGISTRY_TOKEN_PATH}?service=${encodeURIComponent(setup.service)}`;
  let answer: Response;
  try {
    answer = await fetch(url, { signal: AbortSignal.timeout(API_TIMEOUT_MS) });
  } catch {
    throw new ConfigError(
      `no API server answers at ${setup.apiUrl}, whose token service the registry sends clients to: ` +
        'start it first (npm start, with the same DATA_DIR and PORT), or set PORT to the port it runs on',
    );
  }
  if (answer.status === 400) {
    throw new ConfigError(
      `the server at ${setup.apiUrl} serves another registry service than "${setup.service}": give both the same REGISTRY_SERVICE`,
    );
  }
  const body = (await answer.json().catch(() => undefined)) as { token?: unknown } | undefined;
  if (answer.status !== 200 || typeof body?.token !== 'string') {
    throw new ConfigError(
      `the server at ${setup.apiUrl} answered ${answer.status} at ${REGISTRY_TOKEN_PATH}: is it this project's API (npm start)?`,
    );
  }
  const root = new X509Certificate(await readFile(setup.certificateFile));
  const [leaf] = decodeProtectedHeader(body.token).x5c ?? [];
  if (!leaf || !new X509Certificate(Buffer.from(leaf, 'base64')).verify(root.publicKey)) {
    throw new ConfigError(
      `the server at ${setup.apiUrl} signs tokens with another key than the one of this DATA_DIR (${setup.certificateFile}): ` +
        'run npm run registry with the DATA_DIR of that server',
    );
  }
}

/**
 * Resolves once the registry accepts connections on `listen`; rejects with its exit code if
 * it ends first (its own log, on the terminal, says why).
 */
export async function waitUntilListening(listen: string, registry: ChildProcess): Promise<void> {
  const { host, port } = hostAndPort(listen);
  const target = host === '0.0.0.0' ? '127.0.0.1' : host;
  const deadline = Date.now() + LISTEN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (registry.exitCode !== null || registry.signalCode !== null) {
      throw new Error(`the registry stopped at start (exit code ${registry.exitCode ?? registry.signalCode}); its log above says why`);
    }
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: target, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the registry did not listen on ${listen} within ${LISTEN_TIMEOUT_MS / 1000} s`);
}
