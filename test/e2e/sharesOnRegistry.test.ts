import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { signToken, type TokenRequest } from '../../local/iam/tokens.js';
import { registryLoginKey } from '../../lambda/domain/accessKey.js';
import type { SkopeoResult } from '../../local/registry/clients/skopeo.js';
import { type RegistryScene, startRegistryScene } from '../support/registryScene.js';

/**
 * Shares take effect: a real registry (CNCF distribution, Debian's docker-registry) asks
 * the local server's token service who may pull and push, and a real client (skopeo) sees
 * the answer. Everything on loopback; everything started here is stopped here.
 */

const OWNER: TokenRequest = { domain: 'owner', namespaces: { demo: 'manage' } };
const PARTNER: TokenRequest = { domain: 'partner', namespaces: { partnerspace: 'manage' } };
const THIRD: TokenRequest = { domain: 'third' };
const READER: TokenRequest = { domain: 'owner', user: 'rita', namespaces: { demo: 'read' } };

/** What skopeo prints when the registry refuses (a denied pull and an unknown one alike). */
const DENIED = /requested access to the resource is denied/;

let scene: RegistryScene;

async function pull(image: string, caller: TokenRequest): Promise<SkopeoResult> {
  return scene.skopeo.pull(`${scene.registry.address}/${image}`, await scene.credentials(caller));
}

async function push(image: string, caller: TokenRequest): Promise<SkopeoResult> {
  return scene.skopeo.push(scene.imageSource, `${scene.registry.address}/${image}`, await scene.credentials(caller));
}

/** One share API call as the owner, over HTTP. */
const shares = (method: string, repository: string, below = '', body?: unknown) => scene.shares(OWNER, method, repository, below, body);

const share = (repository: string, accessDomain: string) =>
  shares('POST', repository, '', { access_domain: accessDomain, permit: 'read', deadline: 'forever' });

/** A repository's shares as the owner's list answers them. */
async function listShares(repository: string): Promise<Record<string, { last_used_at: string | null; last_used_by: string | null }>> {
  const response = await fetch(`${scene.service.url}/v2/manage/namespaces/demo/repositories/${repository}/access-domains`, {
    headers: { 'X-Auth-Token': await signToken(scene.service.devKeys.privateJwk, OWNER) },
  });
  expect(response.status).toBe(200);
  const listed = (await response.json()) as { access_domain: string; last_used_at: string | null; last_used_by: string | null }[];
  return Object.fromEntries(listed.map(({ access_domain, last_used_at, last_used_by }) => [access_domain, { last_used_at, last_used_by }]));
}

/** The `sub` of the token the token service issues `caller` for a pull of `image`. */
async function subjectOf(caller: TokenRequest, image: string): Promise<string> {
  const query = new URLSearchParams({ service: scene.service.registry.service, scope: `repository:${image}:pull` });
  const [user, password] = (await scene.credentials(caller)).split(/:(.*)/s) as [string, string];
  const response = await fetch(`${scene.service.url}/registry/token?${query}`, {
    headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
  });
  expect(response.status).toBe(200);
  return decodeJwt(((await response.json()) as { token: string }).token).sub!;
}

function expectAllowed(result: SkopeoResult): void {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
}

function expectDenied(result: SkopeoResult): void {
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(DENIED);
}

beforeAll(async () => {
  scene = await startRegistryScene('swr-registry-e2e-');
  for (const image of ['demo/app:1', 'demo/other:1', 'demo/group/app:1']) expectAllowed(await push(image, OWNER));
}, 120_000);

afterAll(() => scene?.close());

describe('a private repository on a registry that asks the token service', () => {
  it('is denied to another account before a share', async () => {
    expectDenied(await pull('demo/app:1', PARTNER));
  });

  it('is pulled by the account it is shared with, and by no one else', async () => {
    expect(await share('app', 'partner')).toBe(201);
    expectAllowed(await pull('demo/app:1', PARTNER));
    expectDenied(await pull('demo/app:1', THIRD));
  });

  it('is never pushed to by the account it is shared with', async () => {
    const result = await push('demo/app:from-partner', PARTNER);
    expectDenied(result);
  });

  it('does not open another repository of the same namespace', async () => {
    expectDenied(await pull('demo/other:1', PARTNER));
  });

  it('works for repository names with a slash (group$app in the share API)', async () => {
    expectDenied(await pull('demo/group/app:1', PARTNER));
    expect(await share('group$app', 'partner')).toBe(201);
    expectAllowed(await pull('demo/group/app:1', PARTNER));
  });

  it('is pulled without any share by a member with read on the namespace, who cannot push', async () => {
    expectAllowed(await pull('demo/other:1', READER));
    expectDenied(await push('demo/other:from-reader', READER));
  });

  it("is pulled after an SWR-style login with an access key's login key (user <region>@<AK>), as the key's account", async () => {
    const created = await fetch(`${scene.service.url}/v3.0/OS-CREDENTIAL/credentials`, {
      method: 'POST',
      headers: { 'X-Auth-Token': await signToken(scene.service.devKeys.privateJwk, PARTNER), 'Content-Type': 'application/json' },
      body: JSON.stringify({ credential: { user_id: 'partner-id' } }),
    });
    expect(created.status).toBe(201);
    const { access, secret } = ((await created.json()) as { credential: { access: string; secret: string } }).credential;
    const loggedIn = await scene.skopeo.login(scene.registry.address, `cn-north-4@${access}`, registryLoginKey(access, secret));
    expect({ code: loggedIn.code, stderr: loggedIn.stderr }).toEqual({ code: 0, stderr: '' });
    expectAllowed(await scene.skopeo.pull(`${scene.registry.address}/demo/app:1`));
    expectDenied(await scene.skopeo.pull(`${scene.registry.address}/demo/other:1`));
    const wrongKey = await scene.skopeo.pull(
      `${scene.registry.address}/demo/app:1`,
      `cn-north-4@${access}:${registryLoginKey(access, `${secret}x`)}`,
    );
    expect(wrongKey.code).not.toBe(0);
    expect(wrongKey.stderr).toMatch(/invalid username\/password/);
    await scene.skopeo.run(['logout', '--all']);
  });

  it('turns away wrong credentials as such', async () => {
    const result = await scene.skopeo.pull(`${scene.registry.address}/demo/app:1`, 'partner:not-a-token');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/invalid username\/password/);
  });

  it('is denied again once the share is revoked', async () => {
    expect(await shares('DELETE', 'app', '/partner')).toBe(204);
    expectDenied(await pull('demo/app:1', PARTNER));
  });
});

describe('which shares are used', () => {
  it('the owner’s list shows when the partner last pulled through a share, and to whom; a share never pulled shows none', async () => {
    expect(await share('other', 'partner')).toBe(201);
    expect(await share('other', 'idle')).toBe(201);
    const before = new Date().toISOString();
    expectAllowed(await pull('demo/other:1', PARTNER));
    const after = new Date().toISOString();
    const listed = await listShares('other');
    // Stamped by the token service's clock, this machine's: between the two readings of it.
    expect(listed.partner!.last_used_at! >= before && listed.partner!.last_used_at! <= after).toBe(true);
    expect(listed.partner!.last_used_by).toBe('partner/partner');
    expect(listed.idle).toEqual({ last_used_at: null, last_used_by: null });
  });

  it('two accounts’ users of the same name get different subjects, which distribution 2.8 accepts', async () => {
    const ci = (domain: string): TokenRequest => ({ domain, user: 'ci' });
    expect(await share('group$app', 'third')).toBe(201);
    expect([await subjectOf(ci('partner'), 'demo/group/app'), await subjectOf(ci('third'), 'demo/group/app')]).toEqual([
      'partner/ci',
      'third/ci',
    ]);
    expectAllowed(await pull('demo/group/app:1', ci('partner')));
    expectAllowed(await pull('demo/group/app:1', ci('third')));
    // The partner's share was stamped by its first pull, this hour: once an hour is enough.
    expect(await listShares('group$app')).toEqual({
      partner: { last_used_at: expect.any(String), last_used_by: 'partner/partner' },
      third: { last_used_at: expect.any(String), last_used_by: 'third/ci' },
    });
  });
});
