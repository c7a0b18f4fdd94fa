import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSkopeo, type Skopeo } from '../../local/registry/clients/skopeo.js';
import { buildOciImage } from '../../local/registry/ociImage.js';
import { type RunningRegistry, startRegistry } from '../../local/registry/registryProcess.js';
import { type LocalService, startLocalService } from '../../local/service.js';
import { signToken, type TokenRequest } from '../../local/iam/tokens.js';

/** The local server and a real registry (Debian's docker-registry) that asks its token service. */
export interface RegistryScene {
  workDir: string;
  service: LocalService;
  registry: RunningRegistry;
  skopeo: Skopeo;
  /** A tiny OCI image to push, as skopeo names it (`<dir>:1`). */
  imageSource: string;
  /** `user:password` for a caller, as registry clients log in: the account and an API token. */
  credentials(caller: TokenRequest): Promise<string>;
  /** One share API call as `caller`, over HTTP; its status. */
  shares(caller: TokenRequest, method: string, repository: string, below?: string, body?: unknown): Promise<number>;
  close(): Promise<void>;
}

/** What a registry of the scene must trust: the local server's token service. */
export interface SceneTokenService {
  /** The server's base URL: the realm is below it. */
  apiUrl: string;
  service: string;
  issuer: string;
  /** The root certificate's file (PEM). */
  certificateFile: string;
}

/** Starts the scene's registry in `workDir`; by default with the configuration `npm run registry-config` prints. */
export type SceneRegistryStarter = (workDir: string, tokenService: SceneTokenService) => Promise<RunningRegistry>;

/** Everything in a fresh folder of its own, stopped and removed by `close()`. */
export async function startRegistryScene(prefix: string, startSceneRegistry: SceneRegistryStarter = startRegistry): Promise<RegistryScene> {
  const workDir = await mkdtemp(join(tmpdir(), prefix));
  // skopeo runs as nobody when the tests run as root: it must reach its folder and the image.
  await chmod(workDir, 0o755);
  const service = await startLocalService({ dataDir: join(workDir, 'data'), port: 0, inMemory: true, logLevel: 'SILENT' });
  const registry = await startSceneRegistry(workDir, {
    apiUrl: service.url,
    service: service.registry.service,
    issuer: service.registry.issuer,
    certificateFile: service.registryKeys.certificateFile,
  });
  const skopeo = await createSkopeo(join(workDir, 'skopeo'));
  await buildOciImage(join(workDir, 'image'), { tag: '1', content: 'hello from demo\n' });
  const token = (caller: TokenRequest) => signToken(service.devKeys.privateJwk, caller);
  return {
    workDir,
    service,
    registry,
    skopeo,
    imageSource: `${join(workDir, 'image')}:1`,
    credentials: async (caller) => `${caller.domain}:${await token(caller)}`,
    async shares(caller, method, repository, below = '', body) {
      const response = await fetch(`${service.url}/v2/manage/namespaces/demo/repositories/${repository}/access-domains${below}`, {
        method,
        headers: { 'X-Auth-Token': await token(caller), ...(body !== undefined && { 'Content-Type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      await response.arrayBuffer();
      return response.status;
    },
    async close() {
      await registry.stop();
      await service.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
