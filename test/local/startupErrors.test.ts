import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORE_LOCK_FILE } from '../../local/store/dataDir.js';
import { runCommandFile, startMain } from '../support/startMain.js';

let dataDir: string;
let busyPort: Server;
let closedPort: number;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'swr-startup-'));
  busyPort = createServer();
  await new Promise<void>((resolve) => busyPort.listen(0, '127.0.0.1', resolve));
  // A port nothing listens on: taken, then given back.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(async () => {
  await new Promise((resolve) => busyPort.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

/** `npm start` with these variables, expected to refuse them in one line on stderr. */
function expectRefusal(env: Record<string, string>, says: RegExp) {
  const run = runCommandFile('local/main.ts', [], { PORT: '0', DATA_DIR: join(dataDir, 'data'), ...env });
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(says);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('npm start refuses a wrong setting in one line that says what to fix', () => {
  it.each([
    ['a port that is not a number', { PORT: 'abc' }, /^npm start: PORT="abc": not a port/],
    ['an empty port (not a random one)', { PORT: '' }, /^npm start: PORT is empty/],
    ['a port out of range', { PORT: '70000' }, /PORT="70000": not a port/],
    ['a negative retention', { SHARE_RETENTION_DAYS: '-1' }, /SHARE_RETENTION_DAYS="-1": must be a whole number of days/],
    ['a retention that is no number', { SHARE_RETENTION_DAYS: 'ten' }, /SHARE_RETENTION_DAYS="ten"/],
    [
      'a registry token lifetime over 300 s',
      { REGISTRY_TOKEN_LIFETIME_SECONDS: '301' },
      /REGISTRY_TOKEN_LIFETIME_SECONDS must be between 60 and 300/,
    ],
    ['a DynamoDB endpoint that is not a URL', { DYNAMODB_ENDPOINT: 'notaurl' }, /DYNAMODB_ENDPOINT="notaurl": not an http\(s\) URL/],
    ['a data folder that cannot be made', { DATA_DIR: '/proc/nope' }, /DATA_DIR \/proc\/nope cannot be created/],
  ])('%s', (_what, env, says) => expectRefusal(env, says));

  it('a data folder that is a file', async () => {
    const file = join(dataDir, 'a-file');
    await writeFile(file, '');
    expectRefusal({ DATA_DIR: file }, /DATA_DIR .*a-file is not a folder/);
  });

  it('a port already in use', () => {
    const { port } = busyPort.address() as { port: number };
    expectRefusal({ PORT: String(port) }, new RegExp(`port ${port} on 127.0.0.1 is already in use.*set PORT`));
  });

  it('a DynamoDB endpoint where nothing answers, after a bounded wait', () => {
    expectRefusal(
      { DYNAMODB_ENDPOINT: `http://127.0.0.1:${closedPort}` },
      /DYNAMODB_ENDPOINT http:\/\/127\.0\.0\.1:\d+: no DynamoDB answered within 5 s/,
    );
  }, 30_000);

  it('shows the stack trace only when SWR_DEBUG is set', () => {
    const run = runCommandFile('local/main.ts', [], { PORT: 'abc', SWR_DEBUG: '1' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/\n\s+at /);
  });
});

describe('a second npm start on the same DATA_DIR', () => {
  it('is refused in one line naming the process that holds it; the first one serves on', async () => {
    const shared = join(dataDir, 'shared');
    const first = await startMain({ PORT: '0', DATA_DIR: shared });
    try {
      expectRefusal({ DATA_DIR: shared }, new RegExp(`DATA_DIR ${shared} is in use by process ${first.child.pid} \\(npm start\\)`));
      const url = /listening on (\S+)/.exec(first.banner)![1]!;
      expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    // Stopped, it gives the folder back.
    const again = await startMain({ PORT: '0', DATA_DIR: shared });
    expect(await again.stop()).toBe(0);
  }, 60_000);

  it('takes over the lock a process that no longer runs left behind', async () => {
    const stale = join(dataDir, 'stale');
    await mkdir(stale);
    // Above Linux's largest process id (pid_max is at most 2^22): no process has it.
    await writeFile(join(stale, STORE_LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 1, command: 'npm start' }));
    const main = await startMain({ PORT: '0', DATA_DIR: stale });
    expect(await main.stop()).toBe(0);
  }, 60_000);

  it('starts when the lock file names a live process that holds nothing (a PID reused since)', async () => {
    const reused = join(dataDir, 'reused');
    await mkdir(reused);
    // This test's own process: alive, and no server.
    await writeFile(join(reused, STORE_LOCK_FILE), JSON.stringify({ pid: process.pid, command: 'npm start' }));
    const main = await startMain({ PORT: '0', DATA_DIR: reused });
    expect(await main.stop()).toBe(0);
  }, 60_000);
});

/** The state letter of /proc/<pid>/stat (`Z`: a zombie), or `gone`. */
function processState(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
  } catch {
    return 'gone';
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

(process.platform === 'linux' ? describe : describe.skip)('a server killed with SIGKILL', () => {
  it('gives DATA_DIR back at once, even while its parent has not reaped it (a zombie)', async () => {
    const killedDir = join(dataDir, 'killed');
    const first = await startMain({ PORT: '0', DATA_DIR: killedDir });
    const pid = first.child.pid!;
    const exited = first.stop; // resolves on the exit libuv reports once it reaps the child

    // Synchronous from here to the restart's end: this process's event loop, which reaps its
    // children when SIGCHLD comes, does not run, so the killed server stays a zombie, as under
    // a container's PID 1 that does not reap. kill(pid, 0) still succeeds on it.
    process.kill(pid, 'SIGKILL');
    for (let waited = 0; processState(pid) !== 'Z' && waited < 5_000; waited += 10) sleepSync(10);
    expect(processState(pid)).toBe('Z');
    expect(() => process.kill(pid, 0)).not.toThrow();
    const restart = runCommandFile('test/support/startAndStopMain.ts', [], { PORT: '0', DATA_DIR: killedDir }, 60_000);
    expect(processState(pid)).toBe('Z');

    expect(restart.stdout).toContain('Ctrl-C stops the server.');
    expect(restart.status).toBe(0);
    expect(await exited()).toBeNull(); // killed by a signal, now reaped
  }, 90_000);
});
