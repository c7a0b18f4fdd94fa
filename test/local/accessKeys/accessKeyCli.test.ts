import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatSdkDate, signSdkRequest } from '../../../lambda/auth/sdkSignature.js';
import { registryLoginKey } from '../../../lambda/domain/accessKey.js';
import { type LocalService, startLocalService } from '../../../local/service.js';

const run = promisify(execFile);

let dataDir: string;
let service: LocalService;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'swr-access-key-'));
  service = await startLocalService({ dataDir, port: 0, inMemory: true, logLevel: 'SILENT' });
});
afterAll(async () => {
  await service?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** What `npm run --silent access-key -- <args>` runs, against the server of this test. */
async function accessKeyCli(args: string[]) {
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: new URL(service.url).port,
    REGISTRY_ADDRESS: 'registry.test:5000',
    NODE_OPTIONS: '',
  };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'local/accessKeys/accessKeyCli.ts', ...args], {
      env,
      timeout: 30_000,
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** GET the demo shares, signed with the key as the SDK would sign it. */
async function signedListShares(ak: string, sk: string): Promise<number> {
  const path = '/v2/manage/namespaces/demo/repositories/nginx/access-domains';
  const headers = { 'content-type': 'application/json', host: new URL(service.url).host, 'x-sdk-date': formatSdkDate(new Date()) };
  const authorization = signSdkRequest({ method: 'GET', path, query: {}, headers, body: null }, { accessKey: ak, secretKey: sk });
  const response = await fetch(service.url + path, { headers: { ...headers, authorization } });
  await response.text();
  return response.status;
}

describe('npm run access-key', () => {
  it('creates a key for the caller (--json: one object on stdout) that signs requests, and lists, disables and deletes it', async () => {
    const created = await accessKeyCli(['--domain', 'owner', '--user', 'olivia', '--namespace', 'demo:read', '--json']);
    expect(created.status).toBe(0);
    const key = JSON.parse(created.stdout);
    expect(created.stdout.trim().split('\n')).toHaveLength(1);
    expect(key).toEqual({
      ak: expect.stringMatching(/^[A-Z0-9]{20}$/),
      sk: expect.stringMatching(/^[A-Za-z0-9]{40}$/),
      loginUser: `local@${key.ak}`,
      loginKey: registryLoginKey(key.ak, key.sk),
      skopeoLogin: `skopeo login --tls-verify=false -u local@${key.ak} -p ${registryLoginKey(key.ak, key.sk)} registry.test:5000`,
      dockerLogin: `docker login -u local@${key.ak} -p ${registryLoginKey(key.ak, key.sk)} registry.test:5000`,
    });
    expect(await signedListShares(key.ak, key.sk)).toBe(200);

    const listed = await accessKeyCli(['--domain', 'owner', '--user', 'olivia', '--list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ access: key.ak, status: 'active', user_id: 'olivia-id' })]);
    expect(listed.stdout).not.toContain(key.sk);
    // Another user of the account sees none of olivia's keys.
    expect(JSON.parse((await accessKeyCli(['--domain', 'owner', '--user', 'oscar', '--list', '--json'])).stdout)).toEqual([]);

    const disabled = await accessKeyCli(['--domain', 'owner', '--user', 'olivia', '--disable', key.ak]);
    expect(disabled.stdout).toBe(`${key.ak} is now inactive\n`);
    const deleted = await accessKeyCli(['--domain', 'owner', '--user', 'olivia', '--delete', key.ak]);
    expect(deleted.stdout).toBe(`${key.ak} deleted\n`);
    const again = await accessKeyCli(['--domain', 'owner', '--user', 'olivia', '--delete', key.ak]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('404');
  }, 60_000);

  it('prints the AK, SK and ready login commands as text without --json', async () => {
    const created = await accessKeyCli(['--domain', 'owner']);
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/^AK=[A-Z0-9]{20}\nSK=[A-Za-z0-9]{40}\n/);
    expect(created.stdout).toMatch(/\nskopeo login --tls-verify=false -u local@[A-Z0-9]{20} -p [0-9a-f]{64} registry\.test:5000\n/);
    expect(created.stdout).toMatch(/\ndocker login -u local@[A-Z0-9]{20} -p [0-9a-f]{64} registry\.test:5000\n$/);
  }, 30_000);

  it.each([
    ['no --domain', ['--list']],
    ['two actions', ['--domain', 'owner', '--list', '--delete', 'AK000000000000000000']],
    ['a bad grant', ['--domain', 'owner', '--namespace', 'demo:owner']],
  ])(
    'refuses %s with usage on stderr and exit code 2',
    async (_what, args) => {
      const refused = await accessKeyCli(args);
      expect({ status: refused.status, stdout: refused.stdout }).toEqual({ status: 2, stdout: '' });
      expect(refused.stderr).toContain('usage: npm run --silent access-key');
    },
    30_000,
  );

  it('prints its usage on --help', async () => {
    const help = await accessKeyCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--disable <AK>');
  }, 30_000);
});
