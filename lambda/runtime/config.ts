import type { JSONWebKeySet } from 'jose';
import { ASYMMETRIC_ALGORITHMS, type TokenVerifierConfig } from '../auth/tokenVerifier.js';
import { DEFAULT_TOKEN_CACHE_SIZE } from '../auth/verifiedTokenCache.js';
import { DEFAULT_RETENTION_DAYS } from '../domain/deadline.js';
import { ENV } from '../environment.js';
import {
  DEFAULT_REGISTRY_SERVICE,
  DEFAULT_REGISTRY_TOKEN_ISSUER,
  MAX_REGISTRY_TOKEN_LIFETIME_SECONDS,
  MIN_REGISTRY_TOKEN_LIFETIME_SECONDS,
} from '../registry/defaults.js';

/** The functions' settings, all from environment variables (docs/configuration.md). */
export interface Config {
  tableName: string;
  /** Another DynamoDB endpoint, e.g. a local one; unset on AWS. */
  dynamodbEndpoint: string | undefined;
  retentionDays: number;
  /** The most accounts one repository may be shared with at once. */
  maxAccountsPerRepository: number;
  token: Omit<TokenVerifierConfig, 'now'>;
}

/** A setting that is missing or wrong: its message names the variable and says what it takes. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`The environment variable ${name} must be set`);
  return value;
}

function tokenKeys(env: NodeJS.ProcessEnv): TokenVerifierConfig['keys'] {
  const jwksUrl = env[ENV.tokenJwksUrl];
  const jwks = env[ENV.tokenJwks];
  if (jwksUrl) return { jwksUrl };
  if (jwks) {
    try {
      return { jwks: JSON.parse(jwks) as JSONWebKeySet };
    } catch {
      throw new ConfigError(`${ENV.tokenJwks} must be a JWKS in JSON: {"keys": [...]}`);
    }
  }
  throw new ConfigError(`Either ${ENV.tokenJwksUrl} or ${ENV.tokenJwks} must be set`);
}

/**
 * A whole number from a variable; unset means the default. Only digits are taken: `Number()`
 * alone would read "" as 0 and " 7" or "0x10" as numbers.
 */
export function wholeNumberFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, what: string): number {
  const text = env[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new ConfigError(`${name}=${JSON.stringify(text)}: must be a whole number of ${what} (0 or more)`);
  }
  return value;
}

/** SHARE_RETENTION_DAYS, read the same way by the functions and the local server. */
export function retentionDaysFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return wholeNumberFromEnv(env, ENV.shareRetentionDays, DEFAULT_RETENTION_DAYS, 'days');
}

/** SWR's limit: a repository is shared with at most this many accounts. */
export const DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY = 500;

/** MAX_ACCOUNTS_PER_REPOSITORY (1 or more, default 500), read the same way by the functions and the local server. */
export function maxAccountsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const limit = wholeNumberFromEnv(env, ENV.maxAccountsPerRepository, DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY, 'accounts');
  if (limit < 1) throw new ConfigError(`${ENV.maxAccountsPerRepository} must be 1 or more`);
  return limit;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const retentionDays = retentionDaysFromEnv(env);
  return {
    tableName: required(env, ENV.tableName),
    dynamodbEndpoint: env[ENV.dynamodbEndpoint] || undefined,
    retentionDays,
    maxAccountsPerRepository: maxAccountsFromEnv(env),
    token: {
      issuer: required(env, ENV.tokenIssuer),
      audience: required(env, ENV.tokenAudience),
      algorithms: env[ENV.tokenAlgorithms]?.split(',').map((alg) => alg.trim()) ?? ASYMMETRIC_ALGORITHMS,
      keys: tokenKeys(env),
      cacheSize: wholeNumberFromEnv(env, ENV.tokenCacheSize, DEFAULT_TOKEN_CACHE_SIZE, 'tokens'),
    },
  };
}

/** Which registry the token service signs for, and how long its tokens live. */
export interface RegistryConfig {
  service: string;
  issuer: string;
  lifetimeSeconds: number;
  /** The registry's host[:port], put before image paths shown to users; optional. */
  address: string | undefined;
}

/**
 * REGISTRY_SERVICE, REGISTRY_TOKEN_ISSUER, REGISTRY_TOKEN_LIFETIME_SECONDS (within the bounds
 * of registry/defaults.ts, as the stack's parameter), REGISTRY_ADDRESS.
 */
export function registryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RegistryConfig {
  const name = ENV.registryTokenLifetimeSeconds;
  const lifetimeSeconds = wholeNumberFromEnv(env, name, MAX_REGISTRY_TOKEN_LIFETIME_SECONDS, 'seconds');
  if (lifetimeSeconds < MIN_REGISTRY_TOKEN_LIFETIME_SECONDS || lifetimeSeconds > MAX_REGISTRY_TOKEN_LIFETIME_SECONDS) {
    throw new ConfigError(`${name} must be between ${MIN_REGISTRY_TOKEN_LIFETIME_SECONDS} and ${MAX_REGISTRY_TOKEN_LIFETIME_SECONDS}`);
  }
  return {
    service: env[ENV.registryService] || DEFAULT_REGISTRY_SERVICE,
    issuer: env[ENV.registryTokenIssuer] || DEFAULT_REGISTRY_TOKEN_ISSUER,
    lifetimeSeconds,
    address: env[ENV.registryAddress] || undefined,
  };
}
