import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { registryConfigYaml } from '../../infra/registry/registryConfig.js';
import { taskStartCommand } from '../../infra/registry/taskStart.js';
import { REGISTRY_TOKEN_PATH } from '../../lambda/operations/paths.js';
import type { SkopeoResult } from '../../local/registry/clients/skopeo.js';
import { freePort, REGISTRY_BINARY, startRegistryProcess } from '../../local/registry/registryProcess.js';
import type { TokenRequest } from '../../local/iam/tokens.js';
import { type RegistryScene, type SceneTokenService, startRegistryScene } from '../support/registryScene.js';

/**
 * The registry the stack runs, as far as one machine can run it: the configuration file the
 * stack renders (infra/registry/registryConfig.ts), its storage switched to a folder by the
 * same function (the only change: there is no S3 here), written and started by the task's
 * own entrypoint (infra/registry/taskStart.sh) with the variables ECS gives the task, on
 * Debian's distribution 2.8, which reads every key of that file as 3.x does. The address is
 * the one override: a free loopback port for the task's `:5000`, through distribution's
 * REGISTRY_HTTP_ADDR, as REGISTRY_HTTP_SECRET comes in on AWS.
 */

const OWNER: TokenRequest = { domain: 'owner', namespaces: { demo: 'manage' } };
const PARTNER: TokenRequest = { domain: 'partner', namespaces: { partnerspace: 'manage' } };
const THIRD: TokenRequest = { domain: 'third' };
const DENIED = /requested access to the resource is denied/;

let scene: RegistryScene;
let taskFiles: { configFile: string; certificateFile: string; config: string };
/** The task's http.secret, which ECS gives it from Secrets Manager. */
const HTTP_SECRET = randomBytes(32).toString('hex');

/** What the task does at start, here: the stack's configuration with a folder for storage. */
async function startAsTheTaskDoes(workDir: string, tokenService: SceneTokenService) {
  const address = `127.0.0.1:${await freePort()}`;
  const configFile = join(workDir, 'task', 'config.yml');
  const certificateFile = join(workDir, 'task', 'root-certificate.pem');
  const config = registryConfigYaml(
    {
      realm: tokenService.apiUrl + REGISTRY_TOKEN_PATH,
      service: tokenService.service,
      issuer: tokenService.issuer,
      rootCertBundle: certificateFile,
    },
    { filesystem: { rootDirectory: join(workDir, 'storage') } },
  );
  taskFiles = { configFile, certificateFile, config };
  const { entryPoint, command } = taskStartCommand(configFile, config, REGISTRY_BINARY);
  return startRegistryProcess(address, [...entryPoint, ...command], {
    ROOT_CERTIFICATE: await readFile(tokenService.certificateFile, 'utf8'),
    REGISTRY_HTTP_SECRET: HTTP_SECRET,
    REGISTRY_HTTP_ADDR: address,
  });
}

const image = (path: string) => `${scene.registry.address}/${path}`;
const pull = async (path: string, caller: TokenRequest) => scene.skopeo.pull(image(path), await scene.credentials(caller));
const push = async (path: string, caller: TokenRequest) =>
  scene.skopeo.push(scene.imageSource, image(path), await scene.credentials(caller));
const share = (repository: string, accessDomain: string) =>
  scene.shares(OWNER, 'POST', repository, '', { access_domain: accessDomain, permit: 'read', deadline: 'forever' });

function expectAllowed(result: SkopeoResult): void {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
}

function expectDenied(result: SkopeoResult): void {
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(DENIED);
}

/** A registry token for `caller` from the token service, as a client gets one. */
async function registryToken(caller: TokenRequest, scope: string): Promise<string> {
  const url = `${scene.service.url}${REGISTRY_TOKEN_PATH}?service=${scene.service.registry.service}&scope=${scope}`;
  const response = await fetch(url, {
    headers: { Authorization: `Basic ${Buffer.from(await scene.credentials(caller)).toString('base64')}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

beforeAll(async () => {
  scene = await startRegistryScene('swr-stack-registry-', startAsTheTaskDoes);
  expectAllowed(await push('demo/app:1', OWNER));
}, 120_000);

afterAll(() => scene?.close());

describe("the stack's registry configuration, run by distribution 2.8", () => {
  it('was written by the task-start entrypoint: the rendered file, and the root certificate where it says', async () => {
    expect(await readFile(taskFiles.configFile, 'utf8')).toBe(taskFiles.config);
    expect(await readFile(taskFiles.certificateFile, 'utf8')).toBe(await readFile(scene.service.registryKeys.certificateFile, 'utf8'));
  });

  it('lets the owner push, refuses the partner before a share, lets it pull with one, and no one else', async () => {
    expectDenied(await pull('demo/app:1', PARTNER));
    expect(await share('app', 'partner')).toBe(201);
    expectAllowed(await pull('demo/app:1', PARTNER));
    expectDenied(await pull('demo/app:1', THIRD));
    expectDenied(await push('demo/app:from-partner', PARTNER));
  });

  it('answers `/` with 200 (the load balancer’s health check), and its API with X-Content-Type-Options: nosniff', async () => {
    expect((await fetch(`http://${scene.registry.address}/`)).status).toBe(200);
    const api = await fetch(`http://${scene.registry.address}/v2/`);
    expect(api.status).toBe(401);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('names relative URLs (http.relativeurls), and signs upload state with the http.secret ECS hands every task', async () => {
    const token = await registryToken(OWNER, 'repository:demo/app:pull,push');
    const upload = await fetch(`http://${scene.registry.address}/v2/demo/app/blobs/uploads/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(upload.status).toBe(202);
    const location = upload.headers.get('location')!;
    // Behind the load balancer: a path, never the task's own address.
    expect(location).toMatch(/^\/v2\/demo\/app\/blobs\/uploads\/[0-9a-f-]+\?_state=/);
    // The state another task may get the next request of this upload: HMAC-SHA256 of its JSON with the shared secret.
    const state = Buffer.from(new URL(location, 'http://registry').searchParams.get('_state')!, 'base64url');
    const [mac, json] = [state.subarray(0, 32), state.subarray(32)];
    expect(createHmac('sha256', HTTP_SECRET).update(json).digest().equals(mac)).toBe(true);
    expect(JSON.parse(json.toString())).toMatchObject({ Name: 'demo/app', Offset: 0 });
  });

  it('lets a namespace manager delete a manifest (storage.delete.enabled), as the token service grants `delete` to managers', async () => {
    expectAllowed(await push('demo/app:to-delete', OWNER));
    const token = await registryToken(OWNER, 'repository:demo/app:pull,delete');
    const head = await fetch(`http://${scene.registry.address}/v2/demo/app/manifests/to-delete`, {
      method: 'HEAD',
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/vnd.oci.image.manifest.v1+json' },
    });
    const digest = head.headers.get('docker-content-digest');
    expect(digest).toMatch(/^sha256:/);
    const deleted = await fetch(`http://${scene.registry.address}/v2/demo/app/manifests/${digest}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(deleted.status).toBe(202);
  });

  it('logs JSON lines only (log.formatter json, the access log off), at info and above', () => {
    // The first line may be the cut end of one: the scene keeps the log's last 20,000 characters.
    const lines = scene.registry
      .output()
      .split('\n')
      .slice(1)
      .filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(10);
    const levels = lines.map((line) => (JSON.parse(line) as { level: string }).level);
    expect(levels).toContain('info');
    expect(levels).not.toContain('debug');
  });
});
