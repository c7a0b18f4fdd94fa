import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOnPath } from '../../../local/cli/onPath.js';
import { loadRegistryKeys } from '../../../local/registry/registryKeys.js';
import { REGISTRY_BINARY, type RunningRegistry, startRegistry } from '../../../local/registry/registryProcess.js';
import { type RunningMain, runCommandFile, startMain } from '../../support/startMain.js';

/**
 * `npm run demo` as a user runs it: the real API, registry and skopeo, on free ports. CI
 * installs the tools (see jest.config.js); without them, only the hint is tested.
 */
const DEMO = 'local/demo/demoCli.ts';
const toolsInstalled = isOnPath('skopeo') && isOnPath(REGISTRY_BINARY);
const withTools = toolsInstalled ? describe : describe.skip;

/** A demo run takes about 5 s; the machine may be busy. */
const DEMO_TIMEOUT_MS = 90_000;

/** What each step must end with, in order. */
const VERDICTS = ['✓ allowed', '✓ denied', '✓ shared', '✓ allowed', '✓ denied', '✓ revoked', '✓ denied'];

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'swr-demo-test-'));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

/** The folder the demo says it works in (its DATA_DIR's parent). */
const demoFolder = (stdout: string) => /DATA_DIR=(\/\S*swr-demo-\w+)\/data /.exec(stdout)?.[1];

/** Each step: its title, the command it showed, its verdict. */
function steps(stdout: string): { title: string; command: string; verdict: string }[] {
  return stdout
    .split(/\n(?=\d+\. )/)
    .slice(1)
    .map((block) => {
      const lines = block.split('\n');
      return {
        title: lines[0]!,
        command: lines[1]!,
        verdict: lines
          .filter((line) => /^ {2}[✓✗]/.test(line))
          .join('|')
          .trim(),
      };
    });
}

function expectWholeStory(stdout: string, registry: string, repository: string): void {
  const played = steps(stdout);
  expect(played.map((step) => step.verdict)).toEqual(VERDICTS);
  const image = `docker://${registry}/demo/${repository}:1`;
  expect(played.map((step) => step.command)).toEqual([
    expect.stringMatching(
      new RegExp(`^\\$ skopeo copy --dest-tls-verify=false --dest-creds "owner:\\$OWNER" docker-archive:\\S+/nginx\\.tar ${image}$`),
    ),
    `$ skopeo inspect --tls-verify=false --creds "partner:$PARTNER" ${image}`,
    `$ curl -s -X POST $API -H "X-Auth-Token: $OWNER" -H 'Content-Type: application/json' -d '{"access_domain":"partner","permit":"read","deadline":"forever"}'`,
    expect.stringMatching(new RegExp(`^\\$ skopeo copy --src-tls-verify=false --src-creds "partner:\\$PARTNER" ${image} dir:\\S+$`)),
    expect.stringMatching(
      new RegExp(
        `^\\$ skopeo copy --dest-tls-verify=false --dest-creds "partner:\\$PARTNER" dir:\\S+ docker://${registry}/demo/${repository}:mine$`,
      ),
    ),
    '$ curl -s -X DELETE $API/partner -H "X-Auth-Token: $OWNER"',
    `$ skopeo inspect --tls-verify=false --creds "partner:$PARTNER" ${image}`,
  ]);
  // What the registry and the API answered, as skopeo and curl print it.
  expect(stdout).toContain('  Writing manifest to image destination');
  expect(stdout).toContain('  denied: requested access to the resource is denied');
  expect(stdout).toContain('  → 201 {}');
  expect(stdout).toContain('  → 204');
  expect(stdout).toMatch(/\nAll 7 steps behaved as expected \(\d+\.\d s\)/);
  // Tokens are shown as the variables a user sets, never as themselves.
  expect(stdout).not.toMatch(/eyJ[\w-]+\.eyJ/);
}

describe('npm run demo', () => {
  it('says in one line what to install when skopeo or docker-registry is missing, before it starts anything', () => {
    const run = runCommandFile(DEMO, [], { PATH: join(workDir, 'no-tools') });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'demo: needs skopeo and docker-registry, not found on PATH: apt-get install skopeo docker-registry (Debian/Ubuntu), then run it again\n',
    );
  });

  it('takes a running registry only with the running API it trusts', () => {
    const run = runCommandFile(DEMO, ['--registry', '127.0.0.1:5000'], {});
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^--registry needs --running-api/);
  });

  withTools('with skopeo and docker-registry', () => {
    it(
      'starts the API and a registry, plays the whole story, exits 0 and removes what it made',
      async () => {
        const run = runCommandFile(DEMO, [], {}, DEMO_TIMEOUT_MS);
        expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
        const registry = /^registry {2}(127\.0\.0\.1:\d+), docker-registry started here/m.exec(run.stdout)?.[1];
        expect(registry).toBeDefined();
        expect(run.stdout).toMatch(/^API {7}http:\/\/127\.0\.0\.1:\d+, started here/m);
        expectWholeStory(run.stdout, registry!, 'nginx');
        const folder = demoFolder(run.stdout);
        expect(folder).toBeDefined();
        await expect(stat(folder!)).rejects.toMatchObject({ code: 'ENOENT' });
      },
      DEMO_TIMEOUT_MS,
    );

    it(
      'with --keep, leaves the API and the registry running for the printed commands until Ctrl-C, and the folder',
      async () => {
        const demo = spawn(process.execPath, ['--import', 'tsx', DEMO, '--keep'], {
          env: { ...process.env, NODE_OPTIONS: '' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        demo.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => demo.once('exit', resolve));
        let folder: string | undefined;
        try {
          await new Promise<void>((resolve, reject) => {
            demo.stdout!.on('data', () => stdout.includes('Ctrl-C stops') && resolve());
            demo.once('exit', (code) => reject(new Error(`exited with ${code}:\n${stdout}`)));
          });
          folder = demoFolder(stdout);
          const registry = /^registry {2}(127\.0\.0\.1:\d+)/m.exec(stdout)![1]!;
          const api = /^\$ API=(\S+)$/m.exec(stdout)![1]!;
          // The printed token command, as printed, signs for the API still running.
          const tokenCommand = /^\$ OWNER=\$\((DATA_DIR=(\S+) npm run --silent token -- (.*))\)$/m.exec(stdout)!;
          const token = runCommandFile('local/iam/tokenCli.ts', tokenCommand[3]!.split(' '), { DATA_DIR: tokenCommand[2]! });
          expect(token.status).toBe(0);
          const shares = await fetch(api, { headers: { 'X-Auth-Token': token.stdout.trim() } });
          expect({ status: shares.status, body: await shares.json() }).toEqual({ status: 200, body: [] });
          expect((await fetch(`http://${registry}/v2/`)).status).toBe(401);

          demo.kill('SIGINT');
          expect(await exited).toBe(0);
          expect(stdout).toContain('SIGINT: stopping what the demo started');
          await expect(fetch(`http://${registry}/v2/`)).rejects.toThrow();
          expect((await stat(join(folder!, 'nginx.tar'))).isFile()).toBe(true);
        } finally {
          // Ctrl-C, not SIGKILL, if it still runs: the registry it started would outlive it.
          if (demo.exitCode === null && demo.signalCode === null) {
            demo.kill('SIGINT');
            await exited;
          }
          if (folder) await rm(folder, { recursive: true, force: true });
        }
      },
      DEMO_TIMEOUT_MS,
    );

    describe('told to use a running API and registry', () => {
      let server: RunningMain;
      let registry: RunningRegistry;
      let env: Record<string, string>;
      beforeAll(async () => {
        const dataDir = join(workDir, 'running');
        server = await startMain({ PORT: '0', DATA_DIR: dataDir });
        const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(server.banner)![1]!;
        env = { DATA_DIR: dataDir, PORT: port };
        const apiUrl = `http://127.0.0.1:${port}`;
        const { certificateFile } = await loadRegistryKeys(dataDir);
        registry = await startRegistry(join(workDir, 'running-registry'), {
          apiUrl,
          service: 'swr-registry',
          issuer: 'swr-access-domains',
          certificateFile,
        });
      }, 60_000);
      afterAll(async () => {
        await registry?.stop();
        await server?.stop();
      });

      it(
        'plays the story on them, in a repository of its own, and leaves them running',
        async () => {
          const run = runCommandFile(DEMO, ['--running-api', '--registry', registry.address], env, DEMO_TIMEOUT_MS);
          expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
          expect(run.stdout).toContain(`API       http://127.0.0.1:${env.PORT}, running (DATA_DIR ${env.DATA_DIR})`);
          expect(run.stdout).toContain(`registry  ${registry.address}, running`);
          const repository = /\/demo\/repositories\/(nginx-demo-[0-9a-f]{6})\/access-domains/.exec(run.stdout)?.[1];
          expect(repository).toBeDefined();
          expectWholeStory(run.stdout, registry.address, repository!);
          expect((await fetch(`http://${registry.address}/v2/`)).status).toBe(401);
        },
        DEMO_TIMEOUT_MS,
      );

      it(
        'stops with one line when no API answers at its PORT',
        () => {
          const run = runCommandFile(DEMO, ['--running-api', '--registry', registry.address], { ...env, PORT: '1' }, DEMO_TIMEOUT_MS);
          expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 1, stdout: '' });
          expect(run.stderr).toMatch(/^demo: no API server answers at http:\/\/127\.0\.0\.1:1\b[^\n]*\n$/);
        },
        DEMO_TIMEOUT_MS,
      );

      it(
        'refuses a registry that sends its clients to another token service than the API it is told of',
        () => {
          // The same server by another name: its tokens verify, but the registry's realm names 127.0.0.1.
          const run = runCommandFile(
            DEMO,
            ['--running-api', '--registry', registry.address],
            { ...env, HOST: 'localhost' },
            DEMO_TIMEOUT_MS,
          );
          expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 1, stdout: '' });
          expect(run.stderr).toBe(
            `demo: --registry ${registry.address}: that registry sends clients to http://127.0.0.1:${env.PORT}/registry/token, ` +
              `not to http://localhost:${env.PORT}/registry/token: give the registry npm run registry started for this API\n`,
          );
        },
        DEMO_TIMEOUT_MS,
      );
    });
  });
});
