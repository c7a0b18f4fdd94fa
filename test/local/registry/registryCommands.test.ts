import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libtrustKeyId } from '../../../lambda/registry/keyId.js';
import { loadRegistryKeys } from '../../../local/registry/registryKeys.js';
import { freePort, REGISTRY_BINARY } from '../../../local/registry/registryProcess.js';
import { type RunningMain, startMain } from '../../support/startMain.js';

/** The real registry, for the one test that starts it (CI installs it; see test/e2e). */
const hasRegistry = spawnSync('which', [REGISTRY_BINARY], { stdio: 'ignore' }).status === 0;

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'swr-registry-commands-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** What `npm run --silent <command> -- <args>` runs, with this environment. */
function run(file: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', file, ...args], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '3456', NODE_OPTIONS: '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('npm run registry-config', () => {
  it('prints a registry configuration that trusts the server of the same DATA_DIR and PORT', async () => {
    const result = run('local/registry/registryConfigCli.ts', ['--listen', '127.0.0.1:5999', '--storage', '/srv/images']);
    expect(result.status).toBe(0);
    const certificateFile = join(dataDir, 'registry-token.crt');
    for (const line of [
      '  addr: "127.0.0.1:5999"',
      '    rootdirectory: "/srv/images"',
      '    realm: "http://127.0.0.1:3456/registry/token"',
      '    service: "swr-registry"',
      '    issuer: "swr-access-domains"',
      `    rootcertbundle: ${JSON.stringify(certificateFile)}`,
    ]) {
      expect(result.stdout.split('\n')).toContain(line);
    }
    // The certificate is the root the server certifies its signing keys with, whichever of the two made it first.
    const certificate = new X509Certificate(await readFile(certificateFile));
    const keys = await loadRegistryKeys(dataDir);
    expect(libtrustKeyId(certificate.publicKey)).toBe(libtrustKeyId(keys.rootKey.publicKey));
    expect(certificate.verify(keys.rootKey.publicKey)).toBe(true);
    expect(certificate.ca).toBe(true);
  });

  it('follows REGISTRY_SERVICE and REGISTRY_TOKEN_ISSUER, as the server does', () => {
    const result = run('local/registry/registryConfigCli.ts', [], { REGISTRY_SERVICE: 'my-registry', REGISTRY_TOKEN_ISSUER: 'my-issuer' });
    expect(result.stdout).toContain('    service: "my-registry"');
    expect(result.stdout).toContain('    issuer: "my-issuer"');
    expect(result.stdout).toContain('  addr: "127.0.0.1:5000"');
  });

  it('--help prints the usage and exits 0', () => {
    const result = run('local/registry/registryConfigCli.ts', ['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run --silent registry-config/);
  });

  it.each([
    ['an unknown option', ['--bogus']],
    ['a listen address without port', ['--listen', '127.0.0.1']],
  ])('refuses %s with the usage and exit code 2', (_what, args) => {
    const result = run('local/registry/registryConfigCli.ts', args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/usage: npm run --silent registry-config/);
  });
});

describe('npm run registry', () => {
  it('says how to get a registry when none is installed', () => {
    const result = run('local/registry/registryCli.ts', [], { PATH: join(dataDir, 'empty-path') });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/apt-get install docker-registry/);
  });

  describe('checks before it says it runs', () => {
    let fakeBin: string;
    let busy: Server;
    let busyPort: number;
    let server: RunningMain;
    let serverPort: string;
    beforeAll(async () => {
      // A registry binary that must never be started: each check below comes first.
      fakeBin = join(dataDir, 'fake-bin');
      await mkdir(fakeBin);
      await writeFile(join(fakeBin, 'docker-registry'), '#!/bin/sh\necho "the fake registry was started" >&2\nexit 99\n', { mode: 0o755 });
      busy = createServer();
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
      busyPort = (busy.address() as AddressInfo).port;
      server = await startMain({ PORT: '0', DATA_DIR: join(dataDir, 'server') });
      serverPort = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(server.banner)![1]!;
    }, 60_000);
    afterAll(async () => {
      await server.stop();
      await new Promise((resolve) => busy.close(resolve));
    });

    /** `npm run registry` with the fake binary first on PATH; nothing may be printed on stdout. */
    function refused(args: string[], env: Record<string, string>, says: RegExp) {
      const result = run('local/registry/registryCli.ts', args, { PATH: `${fakeBin}:${process.env.PATH}`, ...env });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(says);
    }

    it('that its port is free', async () => {
      refused(
        ['--listen', `127.0.0.1:${busyPort}`],
        { DATA_DIR: join(dataDir, 'server'), PORT: serverPort },
        new RegExp(`^registry: --listen 127\\.0\\.0\\.1:${busyPort}: port ${busyPort} on 127\\.0\\.0\\.1 is already in use`),
      );
    });

    it('that an API server answers at its PORT', async () => {
      const closed = await freePort();
      refused(
        ['--listen', `127.0.0.1:${await freePort()}`],
        { DATA_DIR: join(dataDir, 'server'), PORT: String(closed) },
        new RegExp(`^registry: no API server answers at http://127\\.0\\.0\\.1:${closed}.*npm start`),
      );
    });

    it('that the server signs with the key of its DATA_DIR', async () => {
      refused(
        ['--listen', `127.0.0.1:${await freePort()}`],
        { DATA_DIR: join(dataDir, 'another'), PORT: serverPort },
        /^registry: the server at http:\/\/127\.0\.0\.1:\d+ signs tokens with another key than the one of this DATA_DIR/,
      );
    });

    (hasRegistry ? it : it.skip)(
      'and says so once the registry answers, sending clients to the token service',
      async () => {
        const listen = `127.0.0.1:${await freePort()}`;
        const registry = spawn(process.execPath, ['--import', 'tsx', 'local/registry/registryCli.ts', '--listen', listen], {
          env: { ...process.env, NODE_OPTIONS: '', DATA_DIR: join(dataDir, 'server'), PORT: serverPort },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const exited = new Promise((resolve) => registry.once('exit', resolve));
        try {
          let stdout = '';
          await new Promise<void>((resolve, reject) => {
            registry.stdout!.on('data', (chunk: Buffer) => {
              stdout += chunk.toString();
              if (stdout.includes('Ctrl-C stops it.')) resolve();
            });
            registry.once('exit', (code) => reject(new Error(`exited with ${code}`)));
          });
          expect(stdout).toMatch(
            new RegExp(`^registry on http://${listen.replaceAll('.', '\\.')}, .* tokens from http://127\\.0\\.0\\.1:${serverPort} `),
          );
          // Said once it was true: it answers at once, and sends clients to the server.
          const answer = await fetch(`http://${listen}/v2/`);
          expect(answer.status).toBe(401);
          expect(answer.headers.get('www-authenticate')).toContain(`realm="http://127.0.0.1:${serverPort}/registry/token"`);
        } finally {
          registry.kill('SIGINT');
          await exited;
        }
      },
      60_000,
    );
  });
});
