import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { registryConfigYaml, type RegistrySetup } from './registryConfig.js';

/** The binary of CNCF distribution that Debian's `docker-registry` package installs. */
export const REGISTRY_BINARY = 'docker-registry';

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

export interface RunningRegistry {
  /** host:port, for image references (`127.0.0.1:41234/ns/repo:tag`). */
  address: string;
  /** What the registry wrote, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

/** A free loopback port: the OS picks it for a moment, then it is handed on. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntilAnswering(address: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the registry exited with ${child.exitCode}:\n${output()}`);
    try {
      await fetch(`http://${address}/v2/`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`the registry did not answer within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

/**
 * Starts distribution's registry on a free loopback port with the configuration
 * `registry-config` prints (written to `workDir`), and waits until it answers.
 */
export async function startRegistry(workDir: string, setup: Omit<RegistrySetup, 'listen' | 'storageDir'>): Promise<RunningRegistry> {
  const address = `127.0.0.1:${await freePort()}`;
  await mkdir(workDir, { recursive: true });
  return startRegistryWithConfig(workDir, registryConfigYaml({ ...setup, listen: address, storageDir: join(workDir, 'storage') }), address);
}

/** Starts the registry with any configuration (written to `workDir`) that listens on `address`. */
export async function startRegistryWithConfig(workDir: string, config: string, address: string): Promise<RunningRegistry> {
  const configFile = join(workDir, 'registry.yml');
  await writeFile(configFile, config);
  return startRegistryProcess(address, [REGISTRY_BINARY, 'serve', configFile]);
}

/**
 * Runs `command` (the registry, or what starts it in its place), which must make a registry
 * answer on `address`, and waits until it does; `env` is added to this process's environment.
 */
export async function startRegistryProcess(address: string, command: string[], env: NodeJS.ProcessEnv = {}): Promise<RunningRegistry> {
  const [file, ...args] = command;
  const child = spawn(file!, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const output = () => log;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilAnswering(address, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { address, output, stop };
}
