/**
 * The local tools' settings from environment variables (docs/configuration.md), read the same
 * way by `npm start` and every command that must agree with it (token, registry, invoke, …).
 * A wrong value is a ConfigError whose message names the variable and what it takes.
 */
import {
  ConfigError,
  maxAccountsFromEnv,
  type RegistryConfig,
  registryConfigFromEnv,
  retentionDaysFromEnv,
} from '../../lambda/runtime/config.js';
import { ENV } from '../../lambda/environment.js';

export const DEFAULT_DATA_DIR = '.data';
export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';

/** A variable that, when set, must not be empty: an empty one is a mistake, not a default. */
function nonEmpty(env: NodeJS.ProcessEnv, name: string, fallback: string, hint: string): string {
  const value = env[name];
  if (value === undefined) return fallback;
  if (value.trim() === '') throw new ConfigError(`${name} is empty: unset it for the default (${fallback}), or set ${hint}`);
  return value;
}

/** DATA_DIR: where the embedded store and the local keys live. */
export function dataDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return nonEmpty(env, 'DATA_DIR', DEFAULT_DATA_DIR, 'a folder');
}

/** A TCP port from `name` (PORT by default): 0 (any free port) to 65535. */
export function portFromEnv(env: NodeJS.ProcessEnv = process.env, fallback = DEFAULT_PORT, name = 'PORT'): number {
  const text = nonEmpty(env, name, String(fallback), 'a port number from 1 to 65535');
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) {
    throw new ConfigError(`${name}=${JSON.stringify(text)}: not a port; set a number from 1 to 65535 (0 picks a free one)`);
  }
  return port;
}

/** DYNAMODB_ENDPOINT: an http(s) URL, or unset (also when empty) for the embedded store. */
export function dynamodbEndpointFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const text = env[ENV.dynamodbEndpoint];
  if (!text) return undefined;
  const url = URL.parse(text);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new ConfigError(
      `${ENV.dynamodbEndpoint}=${JSON.stringify(text)}: not an http(s) URL; set e.g. http://127.0.0.1:8000, or unset it for the embedded store`,
    );
  }
  return text;
}

/** What `npm start` runs with. */
export interface LocalSettings {
  port: number;
  host: string;
  dataDir: string;
  dynamodbEndpoint: string | undefined;
  retentionDays: number;
  maxAccountsPerRepository: number;
  registry: RegistryConfig;
}

/** Every setting of `npm start`, checked before anything starts. @throws ConfigError */
export function localSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  return {
    port: portFromEnv(env),
    host: nonEmpty(env, 'HOST', DEFAULT_HOST, 'an address to listen on'),
    dataDir: dataDirFromEnv(env),
    dynamodbEndpoint: dynamodbEndpointFromEnv(env),
    retentionDays: retentionDaysFromEnv(env),
    maxAccountsPerRepository: maxAccountsFromEnv(env),
    registry: registryConfigFromEnv(env),
  };
}
