import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalService, startLocalService } from '../../../local/service.js';
import { signToken } from '../../../local/iam/tokens.js';
import { SHARES, shareBody } from '../../support/fixtures.js';
import { serviceStoreOptions } from '../../support/store.js';

const body = JSON.stringify(shareBody());

const running: LocalService[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.close()));
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** One store per data folder, so that a restart finds the same shares. */
const storeOptions = new Map<string, ReturnType<typeof serviceStoreOptions>>();

async function start(dataDir: string) {
  if (!storeOptions.has(dataDir)) storeOptions.set(dataDir, serviceStoreOptions());
  const service = await startLocalService({ dataDir, port: 0, logLevel: 'SILENT', ...storeOptions.get(dataDir) });
  running.push(service);
  return service;
}

async function newDataDir() {
  const folder = await mkdtemp(join(tmpdir(), 'swr-local-'));
  folders.push(folder);
  return folder;
}

function post(url: string, token: string) {
  return fetch(url, {
    method: 'POST',
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
    body,
  });
}

describe('the local server', () => {
  it('answers over HTTP as API Gateway would, and keeps data and keys across a restart', async () => {
    const dataDir = await newDataDir();
    const first = await start(dataDir);
    const token = await signToken(first.devKeys.privateJwk, { domain: 'owner', namespaces: { demo: 'manage' } });

    const created = await post(first.url + SHARES, token);
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/json');
    expect(created.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await created.json()).toEqual({});

    await first.close();
    running.length = 0;
    const second = await start(dataDir);
    const again = await post(second.url + SHARES, token);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { errorCode: string }).errorCode).toBe('SVCSTG.SWR.4090089');
  });

  it('answers 404 in the API’s error format for an unknown route or method', async () => {
    const service = await start(await newDataDir());
    for (const [method, path] of [
      ['GET', '/v2/manage/namespaces/demo'],
      ['PUT', SHARES],
      ['GET', '/'],
    ]) {
      const answer = await fetch(service.url + path, { method });
      expect(answer.status).toBe(404);
      expect(answer.headers.get('x-request-id')).toBeTruthy();
      expect(await answer.json()).toMatchObject({ errorCode: 'SVCSTG.SWR.4040083', error_code: 'SVCSTG.SWR.4040083' });
    }
  });

  it('hands out tokens like IAM, in the X-Subject-Token header', async () => {
    const service = await start(await newDataDir());
    const answer = await fetch(`${service.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: { identity: { methods: ['password'], password: { user: { name: 'olivia', password: 'x', domain: { name: 'Demo' } } } } },
      }),
    });
    expect(answer.status).toBe(201);
    const token = answer.headers.get('x-subject-token');
    expect(token).toBeTruthy();
    // The account "Demo" manages the namespace "demo".
    expect((await post(service.url + SHARES, token!)).status).toBe(201);
  });

  it('refuses a token signed by another local key', async () => {
    const service = await start(await newDataDir());
    const other = await start(await newDataDir());
    const foreign = await signToken(other.devKeys.privateJwk, { domain: 'owner', namespaces: { demo: 'manage' } });
    const answer = await post(service.url + SHARES, foreign);
    expect(answer.status).toBe(401);
  });
});
