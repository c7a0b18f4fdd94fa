import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TokenRequest } from '../../local/iam/tokens.js';
import { type Containerd, type CtrResult, startContainerd } from '../../local/registry/clients/containerd.js';
import { type RegistryScene, startRegistryScene } from '../support/registryScene.js';

/**
 * The puller of Kubernetes nodes against the token service: containerd (its own daemon,
 * driven by `ctr`) pulls from a real registry (Debian's docker-registry) that asks the local
 * server. containerd asks for its token differently from skopeo (an OAuth2 `POST` to the
 * realm first, `GET` with Basic only if that is refused), so the shares must hold for it too.
 */

const OWNER: TokenRequest = { domain: 'owner', namespaces: { demo: 'manage' } };
const PARTNER: TokenRequest = { domain: 'partner', namespaces: { partnerspace: 'manage' } };

/** What ctr prints when the registry refuses the token's (empty) grant: the registry's own words. */
const DENIED = /insufficient_scope: authorization failed/;
/** What ctr prints when the token service turns the credentials away. */
const REFUSED = /failed to fetch oauth token: unexpected status: 401 Unauthorized/;

let scene: RegistryScene;
let containerd: Containerd;

function expectPulled(result: CtrResult): void {
  // Compared whole, so that a failure shows what ctr said.
  expect(result).toEqual({ ok: true, output: expect.any(String) });
}

beforeAll(async () => {
  scene = await startRegistryScene('swr-containerd-e2e-');
  containerd = await startContainerd();
  for (const image of ['demo/app:1', 'demo/other:1']) {
    const pushed = await scene.skopeo.push(scene.imageSource, `${scene.registry.address}/${image}`, await scene.credentials(OWNER));
    expect({ code: pushed.code, stderr: pushed.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  }
  expect(await scene.shares(OWNER, 'POST', 'app', '', { access_domain: 'partner', permit: 'read', deadline: 'forever' })).toBe(201);
}, 120_000);

afterAll(async () => {
  await containerd?.close();
  await scene?.close();
});

describe('containerd (ctr) pulling from a registry that asks the token service', () => {
  it('pulls an image shared with its account', async () => {
    expectPulled(await containerd.pull(`${scene.registry.address}/demo/app:1`, await scene.credentials(PARTNER)));
  });

  it('is denied an image of the same owner that is not shared with it', async () => {
    const result = await containerd.pull(`${scene.registry.address}/demo/other:1`, await scene.credentials(PARTNER));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(DENIED);
  });

  it('is refused with a wrong password', async () => {
    const result = await containerd.pull(`${scene.registry.address}/demo/app:1`, 'partner:not-a-token');
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(REFUSED);
    expect(result.output).not.toMatch(DENIED);
  });
});
