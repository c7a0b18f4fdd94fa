import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK } from 'jose';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEV_ALGORITHM } from './tokens.js';

export interface DevKeys {
  privateJwk: JWK;
  /** What the local handlers trust, and nothing else. */
  publicJwks: JSONWebKeySet;
}

export async function generateDevKeys(): Promise<DevKeys> {
  const { privateKey, publicKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: DEV_ALGORITHM };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: DEV_ALGORITHM, use: 'sig' };
  return { privateJwk, publicJwks: { keys: [publicJwk] } };
}

/** Where the local mode's signing key pair is kept. */
export function devKeysFile(dataDir: string): string {
  return join(dataDir, 'dev-signing-key.json');
}

/** The key pair a server of `dataDir` has made, or `undefined` if none has yet. */
export async function readDevKeys(dataDir: string): Promise<DevKeys | undefined> {
  try {
    return JSON.parse(await readFile(devKeysFile(dataDir), 'utf8')) as DevKeys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return undefined;
  }
}

/**
 * The local mode's signing key pair, created on first use and kept in the data folder, so
 * that tokens stay valid across restarts and `npm run token` signs for the running server.
 */
export async function loadDevKeys(dataDir: string): Promise<DevKeys> {
  const file = devKeysFile(dataDir);
  const existing = await readDevKeys(dataDir);
  if (existing) return existing;
  const keys = await generateDevKeys();
  await mkdir(dataDir, { recursive: true });
  // `wx`: of two processes starting at once, the second reads the first's keys.
  try {
    await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600, flag: 'wx' });
    return keys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(await readFile(file, 'utf8')) as DevKeys;
  }
}
