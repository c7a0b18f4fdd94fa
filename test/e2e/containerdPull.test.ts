import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalService, startLocalService } from '../../local/service.js';
import { signToken, type TokenRequest } from '../../local/tokens.js';
import { type Containerd, type CtrResult, startContainerd } from '../../local/registry/clients/containerd.js';
import { buildOciImage } from '../../local/registry/ociImage.js';
import { type RunningRegistry, startRegistry } from '../../local/registry/registryProcess.js';
import { createSkopeo } from '../../local/registry/clients/skopeo.js';

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

let workDir: string;
let service: LocalService;
let registry: RunningRegistry;
let containerd: Containerd;

async function credentials(caller: TokenRequest): Promise<string> {
  return `${caller.domain}:${await signToken(service.devKeys.privateJwk, caller)}`;
}

function expectPulled(result: CtrResult): void {
  // Compared whole, so that a failure shows what ctr said.
  expect(result).toEqual({ ok: true, output: expect.any(String) });
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'swr-containerd-e2e-'));
  // skopeo runs as nobody when the tests run as root: it must reach its folder and the image.
  await chmod(workDir, 0o755);
  service = await startLocalService({ dataDir: join(workDir, 'data'), port: 0, inMemory: true, logLevel: 'SILENT' });
  registry = await startRegistry(workDir, {
    apiUrl: service.url,
    service: service.registry.service,
    issuer: service.registry.issuer,
    certificateFile: service.registryKeys.certificateFile,
  });
  containerd = await startContainerd();
  const skopeo = await createSkopeo(join(workDir, 'skopeo'));
  await buildOciImage(join(workDir, 'image'), { tag: '1', content: 'hello from demo\n' });
  for (const image of ['demo/app:1', 'demo/other:1']) {
    const pushed = await skopeo.push(`${join(workDir, 'image')}:1`, `${registry.address}/${image}`, await credentials(OWNER));
    expect({ code: pushed.code, stderr: pushed.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  }
  const shared = await fetch(`${service.url}/v2/manage/namespaces/demo/repositories/app/access-domains`, {
    method: 'POST',
    headers: { 'X-Auth-Token': await signToken(service.devKeys.privateJwk, OWNER), 'Content-Type': 'application/json' },
    body: JSON.stringify({ access_domain: 'partner', permit: 'read', deadline: 'forever' }),
  });
  expect(shared.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await containerd?.close();
  await registry?.stop();
  await service?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('containerd (ctr) pulling from a registry that asks the token service', () => {
  it('pulls an image shared with its account', async () => {
    expectPulled(await containerd.pull(`${registry.address}/demo/app:1`, await credentials(PARTNER)));
  });

  it('is denied an image of the same owner that is not shared with it', async () => {
    const result = await containerd.pull(`${registry.address}/demo/other:1`, await credentials(PARTNER));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(DENIED);
  });

  it('is refused with a wrong password', async () => {
    const result = await containerd.pull(`${registry.address}/demo/app:1`, 'partner:not-a-token');
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(REFUSED);
    expect(result.output).not.toMatch(DENIED);
  });
});
