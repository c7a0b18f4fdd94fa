import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMain } from '../support/startMain.js';

describe('npm start', () => {
  it('prints a working base URL, token and curl example, and stops cleanly on Ctrl-C', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'swr-start-'));
    try {
      const main = await startMain({ PORT: '0', DATA_DIR: dataDir });
      const { banner } = main;
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

      // Nothing but the banner: no Node-version warning of the AWS SDK, no other warning.
      expect(main.output()).not.toMatch(/warn|deprecat/i);
      expect(await main.stop()).toBe(0);
      expect(main.output()).toContain('SIGINT: stopping');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('prints commands that work as printed for this server: its DATA_DIR and PORT, its token service', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'swr start banner '));
    const main = await startMain({ PORT: '0', DATA_DIR: dataDir });
    try {
      const url = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(main.banner)!;
      expect(main.banner).toContain(`registry token service: ${url[1]}/registry/token`);
      const tokenCommand = main.banner.split('\n').find((line) => line.includes('npm run --silent token'))!;
      const registryCommand = main.banner.split('\n').find((line) => line.includes('npm run registry'))!;
      expect(tokenCommand).toContain(`DATA_DIR='${dataDir}'`);
      expect(registryCommand).toContain(`PORT=${url[2]} `);

      // Run by a shell as printed, the token command signs a token this server accepts.
      const run = spawnSync('bash', ['-c', tokenCommand], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, NODE_OPTIONS: '' } });
      expect(run.status).toBe(0);
      const answer = await fetch(`${url[1]}/v2/manage/shared-repositories?center=thirdparty`, {
        headers: { 'X-Auth-Token': run.stdout.trim() },
      });
      expect(answer.status).toBe(200);
    } finally {
      await main.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
