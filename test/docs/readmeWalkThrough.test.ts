import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMain } from '../support/startMain.js';

/**
 * The README's curl walk-through, taken from the README and run by bash as a reader runs it,
 * against `npm start` of the same DATA_DIR: each answer's status is the one its comment states.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const README_BASE_URL = 'http://127.0.0.1:3000';

/** The `sh` block of the section "Share a repository with curl". */
async function walkThrough(): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Share a repository with curl');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start))?.[1];
  if (start < 0 || !block) throw new Error('README: no sh block under "Share a repository with curl"');
  return block;
}

/** The status each `curl -i` line's comment promises, in order. */
function promisedStatuses(block: string): number[] {
  return block
    .split('\n')
    .filter((line) => line.startsWith('curl -i'))
    .map((line) => Number(/# (\d{3})\b/.exec(line)?.[1]));
}

function runBash(script: string, env: Record<string, string>): Promise<{ status: number | null; output: string }> {
  // Not spawnSync: the server answering it is a child of this process, whose output must be read.
  const child = spawn('bash', ['-e', '-c', script], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, output }));
  });
}

describe("the README's curl walk-through", () => {
  it('names the server once per line where a reader points it, and promises a status for every curl -i', async () => {
    const block = await walkThrough();
    expect(block).toContain(README_BASE_URL);
    expect(promisedStatuses(block)).toEqual([201, 409, 201, 204]);
  });

  it('answers, run as printed, the statuses its comments state, and lists the share it made', async () => {
    const block = await walkThrough();
    const dataDir = await mkdtemp(join(tmpdir(), 'swr-readme-curl-'));
    const main = await startMain({ PORT: '0', DATA_DIR: dataDir });
    try {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(main.banner)![1]!;
      const run = await runBash(block.replaceAll(README_BASE_URL, url), { DATA_DIR: dataDir });
      expect(run.status).toBe(0);
      const statuses = [...run.output.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((match) => Number(match[1]));
      expect(statuses).toEqual(promisedStatuses(block));
      // The list, between the 409 and the PATCH, shows the share.
      expect(run.output).toMatch(/\[\{[^\n]*"access_domain":"partner"/);
      // After the partner's token request, show says the share was used, and by whom.
      expect(run.output).toMatch(/"last_used_at":"\d{4}-\d\d-\d\dT[\d:.]+Z","last_used_by":"partner\/ci"/);
    } finally {
      await main.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
