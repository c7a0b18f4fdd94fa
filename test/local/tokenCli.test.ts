import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenVerifier } from '../../lambda/auth/tokenVerifier.js';
import { loadDevKeys } from '../../local/devKeys.js';
import { DEV_ALGORITHM, DEV_AUDIENCE, DEV_ISSUER } from '../../local/tokens.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'swr-token-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** What `npm run --silent token -- <args>` runs. */
function tokenCli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'local/tokenCli.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
}

describe('npm run token', () => {
  it('prints one token and nothing else, valid for a server with the same DATA_DIR', async () => {
    const run = tokenCli(['--domain', 'Acme', '--user', 'olivia', '--namespace', 'demo:manage', '--namespace', 'team.b:read']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);

    const keys = await loadDevKeys(dataDir);
    const verify = createTokenVerifier({
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      algorithms: [DEV_ALGORITHM],
      keys: { jwks: keys.publicJwks },
    });
    expect(await verify(run.stdout.trim())).toMatchObject({
      userName: 'olivia',
      domainName: 'Acme',
      namespaces: { demo: 'manage', 'team.b': 'read' },
    });
  });

  it.each([
    ['no --domain', ['--namespace', 'demo:manage']],
    ['an unknown level', ['--domain', 'acme', '--namespace', 'demo:owner']],
    ['a grant without a level', ['--domain', 'acme', '--namespace', 'demo']],
    ['an unknown option', ['--domain', 'acme', '--admin']],
    ['a bad lifetime', ['--domain', 'acme', '--expires-in', 'soon']],
  ])('refuses %s with usage on stderr and exit code 2', (_what, args) => {
    const run = tokenCli(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('usage: npm run --silent token');
  });
});
