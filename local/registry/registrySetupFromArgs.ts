import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { registryConfigFromEnv } from '../../lambda/config.js';
import { loadRegistryKeys } from './registryKeys.js';
import { localApiUrl, type RegistrySetup } from './registryConfig.js';

export const REGISTRY_OPTIONS_USAGE = '[--listen <host:port>] [--storage <dir>]';

export const DEFAULT_REGISTRY_LISTEN = '127.0.0.1:5000';

/**
 * The registry setup the command line and the environment ask for: it trusts the server
 * that runs with the same DATA_DIR and PORT (whose signing key and certificate are made
 * here if that server has not started yet). `null` when --help was asked for.
 * @throws Error with a message for the user when the arguments are wrong
 */
export async function registrySetupFromArgs(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<RegistrySetup | null> {
  const { values } = parseArgs({
    args,
    options: { listen: { type: 'string' }, storage: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return null;
  const listen = values.listen ?? DEFAULT_REGISTRY_LISTEN;
  if (!/^[^\s:]*:\d{1,5}$/.test(listen)) throw new Error(`--listen ${listen}: expected <host:port>, e.g. ${DEFAULT_REGISTRY_LISTEN}`);
  const dataDir = env.DATA_DIR ?? '.data';
  const registry = registryConfigFromEnv(env);
  const { certificateFile } = await loadRegistryKeys(dataDir);
  return {
    listen,
    storageDir: resolve(values.storage ?? `${dataDir}/registry/storage`),
    apiUrl: localApiUrl(env),
    service: registry.service,
    issuer: registry.issuer,
    certificateFile,
  };
}
