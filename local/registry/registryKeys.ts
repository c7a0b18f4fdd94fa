import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RootKey } from '../../lambda/registry/RootKey.js';
import { issueRootCertificate } from '../../lambda/registry/rootCertificate.js';

export interface RegistryKeys {
  /** The long-term key: it certifies the short-lived keys that sign tokens. */
  rootKey: RootKey;
  /** Its certificate, which a registry's `rootcertbundle` names (absolute path). */
  certificateFile: string;
}

/** Writes a file unless it exists, so that of two processes starting at once both agree. */
async function readOrCreate(file: string, create: () => Promise<string> | string, mode: number): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const content = await create();
  try {
    await writeFile(file, content, { mode, flag: 'wx' });
    return content;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFile(file, 'utf8');
  }
}

/** The private key itself, for what stands in for KMS locally (`npm run kms-local`, `npm run invoke`). */
export async function loadRegistrySigningKey(dataDir: string): Promise<KeyObject> {
  await mkdir(dataDir, { recursive: true });
  const pem = await readOrCreate(
    join(dataDir, 'registry-signing-key.pem'),
    () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    0o600,
  );
  return createPrivateKey(pem);
}

/** A root key whose private half is here, in memory. */
export function inMemoryRootKey(privateKey: KeyObject): RootKey {
  return {
    publicKey: createPublicKey(privateKey),
    sign: async (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  };
}

/**
 * The registry root key of one machine and its certificate, created on first use in the
 * data folder: the local stand-in for the KMS key on AWS. It is never the dev key that
 * signs API tokens.
 */
export async function loadRegistryKeys(dataDir: string): Promise<RegistryKeys> {
  const rootKey = inMemoryRootKey(await loadRegistrySigningKey(dataDir));
  const certificateFile = resolve(dataDir, 'registry-token.crt');
  await readOrCreate(certificateFile, () => issueRootCertificate(rootKey), 0o644);
  return { rootKey, certificateFile };
}
