import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libtrustKeyId } from '../../lambda/registry/keyId.js';
import { loadRegistryKeys } from '../../local/registry/registryKeys.js';

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
});
