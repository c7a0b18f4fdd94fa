import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOnPath } from '../../../local/cli/onPath.js';
import { loadDevKeys } from '../../../local/iam/devKeys.js';
import { createSkopeo, type Skopeo } from '../../../local/registry/clients/skopeo.js';
import { writeDockerArchive } from '../../../local/registry/dockerArchive.js';
import { clientAddress } from '../../../local/registry/registryAddress.js';
import { isRoutineRegistryLine } from '../../../local/registry/registryLog.js';
import { freePort, REGISTRY_BINARY } from '../../../local/registry/registryProcess.js';
import { signToken, type TokenRequest } from '../../../local/iam/tokens.js';
import { type RunningMain, runCommandFile, startMain } from '../../support/startMain.js';

/**
 * `npm run registry` in a session as a user has it: it records where it listens, so that
 * `npm run access-key` prints login commands for that registry, and it stays quiet while
 * clients push and are denied, unless --verbose.
 */
const withTools = isOnPath(REGISTRY_BINARY) && isOnPath('skopeo') ? describe : describe.skip;

const OWNER: TokenRequest = { domain: 'owner', namespaces: { demo: 'manage' } };
const PARTNER: TokenRequest = { domain: 'partner' };

describe('the routine registry log line', () => {
  const line = (method: string, code: string) =>
    `time="2026-12-04T16:54:51Z" level=error msg="response completed with error" auth.user.name=owner err.code="${code}" http.request.method=${method} http.request.uri="/v2/demo/nginx/blobs/sha256:e0"`;

  it("is only a push's HEAD for a layer the registry does not have yet", () => {
    expect(isRoutineRegistryLine(line('HEAD', 'blob unknown'))).toBe(true);
    expect(isRoutineRegistryLine(line('GET', 'blob unknown'))).toBe(false);
    expect(isRoutineRegistryLine(line('HEAD', 'manifest unknown'))).toBe(false);
    expect(isRoutineRegistryLine('time="…" level=fatal msg="listen tcp 127.0.0.1:5000: bind: address already in use"')).toBe(false);
  });
});

describe('the address a registry is reached by', () => {
  it.each([
    ['127.0.0.1:5000', '127.0.0.1:5000'],
    [':5000', '127.0.0.1:5000'],
    ['0.0.0.0:5000', '127.0.0.1:5000'],
    ['registry.internal:443', 'registry.internal:443'],
  ])('listening on %s is %s', (listen, address) => {
    expect(clientAddress(listen)).toBe(address);
  });
});

withTools('npm run registry in a session', () => {
  let dataDir: string;
  let server: RunningMain;
  let env: Record<string, string>;
  let skopeo: Skopeo;
  let archive: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'swr-registry-session-'));
    // skopeo runs as nobody when the tests run as root: it must reach its folder and the image.
    await chmod(dataDir, 0o755);
    server = await startMain({ PORT: '0', DATA_DIR: join(dataDir, 'data') });
    env = { DATA_DIR: join(dataDir, 'data'), PORT: /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(server.banner)![1]! };
    skopeo = await createSkopeo(join(dataDir, 'skopeo'));
    archive = join(dataDir, 'nginx.tar');
    await writeDockerArchive(archive, { tag: 'demo/nginx:1', content: 'hello\n' });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  interface RegistryCommand {
    listen: string;
    storage: string;
    /** Everything it printed, stdout and stderr. */
    output(): string;
    /** Ctrl-C; the exit code once it has ended. */
    stop(): Promise<number | null>;
  }

  /**
   * `npm run registry -- --listen <free port> --storage <new folder> [args]`, once it says it
   * runs: each with no image yet, so that each push logs what a first push logs.
   */
  async function startRegistryCommand(args: string[] = []): Promise<RegistryCommand> {
    const port = await freePort();
    const listen = `127.0.0.1:${port}`;
    const storage = join(dataDir, `storage-${port}`);
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', 'local/registry/registryCli.ts', '--listen', listen, '--storage', storage, ...args],
      {
        env: { ...process.env, NODE_OPTIONS: '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let printed = '';
    child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not running in time:\n${printed}`)), 30_000);
      child.stdout!.on('data', () => {
        if (printed.includes('Ctrl-C stops it.')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${printed}`)));
    });
    return {
      listen,
      storage,
      output: () => printed,
      stop: async () => {
        child.kill('SIGINT');
        return closed;
      },
    };
  }

  const credentials = async (caller: TokenRequest) =>
    `${caller.domain}:${await signToken((await loadDevKeys(env.DATA_DIR!)).privateJwk, caller)}`;

  /** A push by the owner, then a pull the partner is denied: every line a normal session logs. */
  async function normalSession(listen: string): Promise<void> {
    const push = await skopeo.run([
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      await credentials(OWNER),
      `docker-archive:${archive}`,
      `docker://${listen}/demo/nginx:1`,
    ]);
    expect({ code: push.code, stderr: push.stderr }).toEqual({ code: 0, stderr: '' });
    const denied = await skopeo.run([
      'inspect',
      '--tls-verify=false',
      '--creds',
      await credentials(PARTNER),
      `docker://${listen}/demo/nginx:1`,
    ]);
    expect(denied.stderr).toMatch(/requested access to the resource is denied/);
  }

  it("records the address it serves, and access-key's login commands name it and log in", async () => {
    const registry = await startRegistryCommand();
    try {
      expect(await readFile(join(env.DATA_DIR!, 'registry', 'address'), 'utf8')).toBe(`${registry.listen}\n`);
      const made = runCommandFile('local/accessKeys/accessKeyCli.ts', ['--domain', 'owner', '--namespace', 'demo:manage', '--json'], env);
      expect(made.status).toBe(0);
      const key = JSON.parse(made.stdout) as { skopeoLogin: string; dockerLogin: string };
      expect(key.dockerLogin).toMatch(new RegExp(` ${registry.listen.replaceAll('.', '\\.')}$`));
      expect(key.skopeoLogin).toMatch(
        new RegExp(`^skopeo login --tls-verify=false -u local@\\w+ -p [0-9a-f]{64} ${registry.listen.replaceAll('.', '\\.')}$`),
      );
      // The printed command, as printed (its words need no quoting).
      const login = await skopeo.run(key.skopeoLogin.split(' ').slice(1));
      expect({ code: login.code, stdout: login.stdout }).toEqual({ code: 0, stdout: 'Login Succeeded!\n' });

      // A REGISTRY_ADDRESS the user sets still wins.
      const named = runCommandFile('local/accessKeys/accessKeyCli.ts', ['--domain', 'owner', '--json'], {
        ...env,
        REGISTRY_ADDRESS: 'registry.example:443',
      });
      expect(JSON.parse(named.stdout).dockerLogin).toMatch(/ registry\.example:443$/);
    } finally {
      await registry.stop();
    }
  }, 90_000);

  it('prints nothing but its first line through a push and a denied pull', async () => {
    const registry = await startRegistryCommand();
    await normalSession(registry.listen);
    expect(await registry.stop()).toBe(0);
    expect(registry.output()).toBe(
      `registry on http://${registry.listen}, images in ${registry.storage}, tokens from http://127.0.0.1:${env.PORT} ` +
        `(${env.DATA_DIR}/registry/config.yml). Ctrl-C stops it.\n`,
    );
  }, 90_000);

  it('with --verbose, prints the whole log, the lines a normal session hides included', async () => {
    const registry = await startRegistryCommand(['--verbose']);
    await normalSession(registry.listen);
    await registry.stop();
    const output = registry.output();
    expect(output).toMatch(/level=error msg="response completed with error".*err\.code="blob unknown".*http\.request\.method=HEAD/);
    expect(output).toMatch(/level=warning msg="error authorizing context: authorization token required"/);
    expect(output).toMatch(/level=debug /);
    expect(output).toMatch(/"PUT \/v2\/demo\/nginx\/manifests\/1 HTTP\/1\.1" 201/);
  }, 90_000);
});
