import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenVerifier } from '../../../lambda/auth/tokenVerifier.js';
import { loadDevKeys } from '../../../local/iam/devKeys.js';
import { DEV_ALGORITHM, DEV_AUDIENCE, DEV_ISSUER } from '../../../local/iam/tokens.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'swr-token-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** What `npm run --silent token -- <args>` runs. */
function tokenCli(args: string[], folder = dataDir) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'local/iam/tokenCli.ts', ...args], {
    env: { ...process.env, DATA_DIR: folder, NODE_OPTIONS: '' },
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

  it("warns on stderr when DATA_DIR holds no server's key, and not once one is there", async () => {
    const fresh = join(dataDir, 'no server here');
    const first = tokenCli(['--domain', 'acme'], fresh);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(first.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(first.stderr).toContain(`token: warning: no server's signing key in DATA_DIR ${fresh}`);
    expect(first.stderr).not.toContain(first.stdout.trim());

    // The key it made is the one a server of that DATA_DIR then uses: no warning any more.
    const again = tokenCli(['--domain', 'acme'], fresh);
    expect(again.status).toBe(0);
    expect(again.stderr).toBe('');
    const keys = await loadDevKeys(fresh);
    const verify = createTokenVerifier({
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      algorithms: [DEV_ALGORITHM],
      keys: { jwks: keys.publicJwks },
    });
    expect((await verify(first.stdout.trim())).domainName).toBe('acme');
  });

  it.each([
    ['no --domain', ['--namespace', 'demo:manage']],
    ['an account name that is not ASCII', ['--domain', '\u212Aelvin']],
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
