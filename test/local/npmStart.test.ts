import { describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Starts `local/main.ts` (what `npm start` runs) and collects what it prints until it is ready. */
function startMain(dataDir: string): Promise<{ child: ChildProcess; banner: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${printed}`)), 20_000);
    child.stdout!.on('data', () => {
      if (printed.includes('Ctrl-C stops the server.')) {
        clearTimeout(timer);
        resolve({ child, banner: printed, output: () => printed });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${printed}`)));
  });
}

describe('npm start', () => {
  it('prints a working base URL, token and curl example, and stops cleanly on Ctrl-C', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'swr-start-'));
    try {
      const { child, banner, output } = await startMain(dataDir);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
      const token = /export TOKEN=(\S+)/.exec(banner)?.[1];
      const path = /-X POST http:\/\/127\.0\.0\.1:\d+(\S+)/.exec(banner)?.[1];
      const body = /-d '(\{.*\})'/.exec(banner)?.[1];
      expect(url && token && path && body).toBeTruthy();

      // The example, as printed, creates a share; sent again it is a duplicate.
      const send = () =>
        fetch(url! + path!, {
          method: 'POST',
          headers: { 'X-Auth-Token': token!, 'Content-Type': 'application/json' },
          body: body!,
        });
      expect((await send()).status).toBe(201);
      expect((await send()).status).toBe(409);

      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output()).toContain('SIGINT: stopping');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
