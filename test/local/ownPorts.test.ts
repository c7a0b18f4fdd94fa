import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { javaAvailable } from '../../local/store/dynamoDbLocal.js';
import { runCommandFile } from '../support/startMain.js';

/**
 * `npm run kms-local` and `npm run dynamodb-local` run beside `npm start`, often in shells
 * where PORT is exported for it: each reads a port variable of its own, never PORT.
 */

let dataDir: string;
let busy: Server;
let busyPort: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'swr-own-ports-'));
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = String((busy.address() as AddressInfo).port);
});
afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts a command, waits for its line of success, presses Ctrl-C; what it printed and its exit code. */
async function startAndStop(file: string, env: Record<string, string>, ready: RegExp): Promise<{ printed: string; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, NODE_OPTIONS: '', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      printed += chunk.toString();
      if (ready.test(printed)) resolve();
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', () => reject(new Error(`exited before it was ready:\n${printed}`)));
  });
  child.kill('SIGINT');
  return { printed, code: await exited };
}

function expectPortRefused(file: string, variable: string) {
  // PORT, the API's, points at a free port: the command must not care.
  const run = runCommandFile(file, [], { DATA_DIR: dataDir, PORT: '0', [variable]: busyPort });
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toContain(
    `port ${busyPort} on 127.0.0.1 is already in use (by another server?): stop it, or set ${variable} to a free port`,
  );
}

describe('npm run kms-local', () => {
  it('listens on KMS_LOCAL_PORT, whatever PORT says', async () => {
    const { printed, code } = await startAndStop(
      'local/registry/kmsStandInCli.ts',
      { PORT: busyPort, KMS_LOCAL_PORT: '0' },
      /Ctrl-C stops it/,
    );
    const port = /KMS stand-in on http:\/\/127\.0\.0\.1:(\d+)/.exec(printed)?.[1];
    expect(port).toBeDefined();
    expect(port).not.toBe(busyPort);
    expect(code).toBe(0);
  }, 30_000);

  it('names KMS_LOCAL_PORT when its port is taken', () => expectPortRefused('local/registry/kmsStandInCli.ts', 'KMS_LOCAL_PORT'));
});

describe('npm run dynamodb-local', () => {
  (javaAvailable() ? it : it.skip)(
    'listens on DYNAMODB_LOCAL_PORT, whatever PORT says (needs Java)',
    async () => {
      const { printed, code } = await startAndStop(
        'local/store/dynamoDbLocalCli.ts',
        { PORT: busyPort, DYNAMODB_LOCAL_PORT: '0' },
        /Ctrl-C stops it/,
      );
      const port = /DynamoDB Local on http:\/\/127\.0\.0\.1:(\d+)/.exec(printed)?.[1];
      expect(port).toBeDefined();
      expect(port).not.toBe(busyPort);
      expect(code).toBe(0);
    },
    60_000,
  );

  it('names DYNAMODB_LOCAL_PORT when its port is taken, before starting Java', () =>
    expectPortRefused('local/store/dynamoDbLocalCli.ts', 'DYNAMODB_LOCAL_PORT'));
});
