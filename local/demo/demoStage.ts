import { join } from 'node:path';
import { ConfigError, registryConfigFromEnv } from '../../lambda/runtime/config.js';
import { REGISTRY_TOKEN_PATH } from '../../lambda/operations/paths.js';
import { type DevKeys, devKeysFile, readDevKeys } from '../iam/devKeys.js';
import { recordRegistryAddress } from '../registry/registryAddress.js';
import { localApiUrl, type RegistrySetup } from '../registry/registryConfig.js';
import { loadRegistryKeys } from '../registry/registryKeys.js';
import { checkTokenService } from '../registry/registryPreflight.js';
import { startRegistry } from '../registry/registryProcess.js';
import { startLocalService } from '../service.js';
import { dataDirFromEnv } from '../cli/settings.js';
import { signToken, type TokenRequest } from '../iam/tokens.js';

/** Where the demo plays: an API, a registry that asks it, and what signs the callers' tokens. */
export interface DemoStage {
  apiUrl: string;
  /** The API's DATA_DIR, which `npm run token` needs to sign for it. */
  dataDir: string;
  /** host:port of the registry. */
  registryAddress: string;
  /** One line for each server, saying whether it was started here. */
  description: string[];
  /** Whether the demo started a server that `--keep` leaves running. */
  startedServers: boolean;
  sign(request: TokenRequest): Promise<string>;
  /** What the registry started here wrote ('' for a running one), for a failure. */
  registryLog(): string;
  stop(): Promise<void>;
}

export interface DemoStageOptions {
  /** The demo's own folder: DATA_DIR and registry storage of what it starts. */
  workDir: string;
  /** The API running with the DATA_DIR and PORT of `env`, rather than one started here. */
  runningApi: boolean;
  /** host:port of a running registry that trusts that API, rather than one started here. */
  registry?: string | undefined;
  env: NodeJS.ProcessEnv;
}

interface Api {
  url: string;
  dataDir: string;
  devKeys: DevKeys;
  setup: Omit<RegistrySetup, 'listen' | 'storageDir'>;
  description: string;
  close(): Promise<void>;
}

/** The API on a free port with a DATA_DIR of its own in the demo's folder. */
async function startApi(workDir: string, env: NodeJS.ProcessEnv): Promise<Api> {
  const dataDir = join(workDir, 'data');
  const service = await startLocalService({
    dataDir,
    port: 0,
    logLevel: 'SILENT',
    registry: registryConfigFromEnv(env),
    command: 'npm run demo',
  });
  return {
    url: service.url,
    dataDir,
    devKeys: service.devKeys,
    setup: {
      apiUrl: service.url,
      service: service.registry.service,
      issuer: service.registry.issuer,
      certificateFile: service.registryKeys.certificateFile,
    },
    description: `API       ${service.url}, started here (DATA_DIR ${dataDir})`,
    close: () => service.close(),
  };
}

/**
 * The API `npm start` runs with the DATA_DIR and PORT of `env`: its dev key signs the callers'
 * tokens, as `npm run token` does; it must answer with tokens its DATA_DIR's certificate verifies.
 */
async function runningApi(env: NodeJS.ProcessEnv): Promise<Api> {
  const dataDir = dataDirFromEnv(env);
  const devKeys = await readDevKeys(dataDir);
  if (!devKeys) {
    throw new ConfigError(
      `--running-api: no server's key in DATA_DIR ${dataDir} (${devKeysFile(dataDir)}): set DATA_DIR (and PORT) to those of the running server`,
    );
  }
  const registry = registryConfigFromEnv(env);
  const setup = {
    apiUrl: localApiUrl(env),
    service: registry.service,
    issuer: registry.issuer,
    certificateFile: (await loadRegistryKeys(dataDir)).certificateFile,
  };
  await checkTokenService(setup);
  return {
    url: setup.apiUrl,
    dataDir,
    devKeys,
    setup,
    description: `API       ${setup.apiUrl}, running (DATA_DIR ${dataDir})`,
    close: async () => {},
  };
}

/** A registry said to be running at `address` must send its clients to this API's token service. */
async function checkRunningRegistry(address: string, apiUrl: string): Promise<void> {
  let answer: Response;
  try {
    answer = await fetch(`http://${address}/v2/`, { signal: AbortSignal.timeout(5_000) });
  } catch {
    throw new ConfigError(
      `--registry ${address}: no registry answers there: start one (npm run registry), or leave out --registry for one started here`,
    );
  }
  const realm = /realm="([^"]*)"/.exec(answer.headers.get('www-authenticate') ?? '')?.[1];
  if (realm !== apiUrl + REGISTRY_TOKEN_PATH) {
    throw new ConfigError(
      `--registry ${address}: that registry sends clients to ${realm ?? 'no token service'}, not to ${apiUrl}${REGISTRY_TOKEN_PATH}: ` +
        'give the registry npm run registry started for this API',
    );
  }
}

/** The API and the registry, started here or running already, as the options say. */
export async function setUpStage(options: DemoStageOptions): Promise<DemoStage> {
  const api = options.runningApi ? await runningApi(options.env) : await startApi(options.workDir, options.env);
  try {
    let registryAddress: string;
    let registryLog = () => '';
    let stopRegistry = async () => {};
    let registryDescription: string;
    if (options.registry) {
      await checkRunningRegistry(options.registry, api.url);
      registryAddress = options.registry;
      registryDescription = `registry  ${registryAddress}, running`;
    } else {
      const registry = await startRegistry(join(options.workDir, 'registry'), api.setup);
      registryAddress = registry.address;
      registryLog = registry.output;
      stopRegistry = registry.stop;
      registryDescription = `registry  ${registryAddress}, docker-registry started here, asking ${api.url}${REGISTRY_TOKEN_PATH}`;
      // As npm run registry does: access-key, run with this DATA_DIR, then names this registry.
      if (!options.runningApi) await recordRegistryAddress(api.dataDir, registryAddress);
    }
    return {
      apiUrl: api.url,
      dataDir: api.dataDir,
      registryAddress,
      description: [api.description, registryDescription],
      startedServers: !options.runningApi || !options.registry,
      sign: (request) => signToken(api.devKeys.privateJwk, request),
      registryLog,
      async stop() {
        await stopRegistry();
        await api.close();
      },
    };
  } catch (error) {
    await api.close();
    throw error;
  }
}
