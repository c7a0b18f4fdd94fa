import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REGISTRY_SERVICE } from '../../../lambda/registry/defaults.js';
import { loadDevKeys } from '../../../local/iam/devKeys.js';
import { signToken } from '../../../local/iam/tokens.js';
import { OWNER, SHARES, shareBody } from '../../support/fixtures.js';
import { basicAuthorization } from '../../support/signedCall.js';
import { type RunningMain, runCommandFile, startMain } from '../../support/startMain.js';

/**
 * "Shares never used in N days", locally from the store: `npm run audit -- --unused` reads the
 * embedded store of DATA_DIR, through `npm start` while it runs, and opening it itself once it
 * has stopped.
 */

const CLI = 'local/audit/auditCli.ts';
let dataDir: string;
let main: RunningMain | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'swr-unused-shares-'));
  main = await startMain({ PORT: '0', DATA_DIR: dataDir });
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(main.banner)![1]!;
  const { privateJwk } = await loadDevKeys(dataDir);
  const owner = await signToken(privateJwk, { ...OWNER, user: 'olivia' });
  for (const accessDomain of ['partner', 'idle']) {
    const created = await fetch(url + SHARES, {
      method: 'POST',
      headers: { 'X-Auth-Token': owner, 'Content-Type': 'application/json' },
      body: JSON.stringify(shareBody({ access_domain: accessDomain })),
    });
    expect(created.status).toBe(201);
  }
  const pulled = await fetch(`${url}/registry/token?service=${DEFAULT_REGISTRY_SERVICE}&scope=repository:demo/nginx:pull`, {
    headers: { Authorization: basicAuthorization('ci', await signToken(privateJwk, { domain: 'partner', user: 'ci' })) },
  });
  expect(pulled.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await main?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function unused(args: string[]) {
  const run = runCommandFile(CLI, ['--unused', ...args], { DATA_DIR: dataDir, DYNAMODB_ENDPOINT: '' });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  return run.stdout.split('\n').filter((line) => line !== '');
}

describe('npm run audit -- --unused', () => {
  it('lists, while the server runs, the shares no token was issued through for that long: never, or last before it', () => {
    expect(unused(['30d'])).toEqual([
      expect.stringMatching(/^demo\/nginx {2}with idle {2}never used {2}shared \S+Z by owner\/olivia {2}until forever$/),
    ]);
    // From a time after the pull on, the share pulled through is "unused" too, and says when and by whom it was last.
    const lines = unused([new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z'), '--json']).map((line) => JSON.parse(line));
    expect(lines.map(({ access_domain, last_used_by }) => [access_domain, last_used_by]).sort()).toEqual([
      ['idle', null],
      ['partner', 'partner/ci'],
    ]);
  }, 60_000);

  it('filters by account, and reads the store itself once the server has stopped', async () => {
    await main!.stop();
    main = undefined;
    expect(unused(['30d', '--account', 'partner'])).toEqual([]);
    expect(unused(['30d', '--account', 'IDLE'])).toEqual([expect.stringContaining('with idle  never used')]);
  }, 60_000);

  it('refuses an age it cannot read, and --since beside it', () => {
    expect(runCommandFile(CLI, ['--unused', 'a month'], { DATA_DIR: dataDir }).status).toBe(2);
    expect(runCommandFile(CLI, ['--unused', '30d', '--since', '7d'], { DATA_DIR: dataDir }).status).toBe(2);
  }, 60_000);
});
