import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegistryTokenSigner } from '../lambda/registry/RegistryTokenSigner.js';

/**
 * The registry token signing key of one machine, a P-256 key created on first use in the
 * data folder (never the dev token key): the local stand-in for the KMS key on AWS.
 */
export async function loadRegistrySigner(dataDir: string): Promise<RegistryTokenSigner> {
  const privateKey = await loadRegistrySigningKey(dataDir);
  return {
    publicKey: createPublicKey(privateKey),
    sign: async (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  };
}

/** The private key itself, for what stands in for KMS locally (`npm run invoke`). */
export async function loadRegistrySigningKey(dataDir: string): Promise<KeyObject> {
  const file = join(dataDir, 'registry-signing-key.pem');
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    await mkdir(dataDir, { recursive: true });
    try {
      await writeFile(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError;
      pem = await readFile(file, 'utf8');
    }
  }
  return createPrivateKey(pem);
}
