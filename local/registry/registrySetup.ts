import { resolve } from 'node:path';
import { registryConfigFromEnv } from '../../lambda/runtime/config.js';
import { UsageError } from '../cli/command.js';
import { dataDirFromEnv } from '../cli/settings.js';
import { loadRegistryKeys } from './registryKeys.js';
import { localApiUrl, type RegistrySetup } from './registryConfig.js';

/** The options `registry` and `registry-config` share, and their usage. */
export const REGISTRY_OPTIONS = { listen: { type: 'string' }, storage: { type: 'string' }, verbose: { type: 'boolean' } } as const;
export const REGISTRY_OPTIONS_USAGE = '[--listen <host:port>] [--storage <dir>] [--verbose]';

export const DEFAULT_REGISTRY_LISTEN = '127.0.0.1:5000';

/**
 * The registry setup the command line and the environment ask for: it trusts the server
 * that runs with the same DATA_DIR and PORT (whose signing key and certificate are made
 * here if that server has not started yet).
 * @throws UsageError when the options are wrong, ConfigError when a variable is
 */
export async function registrySetup(
  options: { listen?: string | undefined; storage?: string | undefined; verbose?: boolean | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Promise<RegistrySetup> {
  const listen = options.listen ?? DEFAULT_REGISTRY_LISTEN;
  if (!/^[^\s:]*:\d{1,5}$/.test(listen)) throw new UsageError(`--listen ${listen}: expected <host:port>, e.g. ${DEFAULT_REGISTRY_LISTEN}`);
  const dataDir = dataDirFromEnv(env);
  const apiUrl = localApiUrl(env);
  const registry = registryConfigFromEnv(env);
  const { certificateFile } = await loadRegistryKeys(dataDir);
  return {
    listen,
    storageDir: resolve(options.storage ?? `${dataDir}/registry/storage`),
    apiUrl,
    service: registry.service,
    issuer: registry.issuer,
    certificateFile,
    verbose: options.verbose ?? false,
  };
}
