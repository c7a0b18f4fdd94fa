import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { REGISTRY_CERTIFICATE_NAME } from '../../lambda/registry/defaults.js';
import { libtrustKeyId } from '../../lambda/registry/keyId.js';
import type { RegistryTokenSigner } from '../../lambda/registry/RegistryTokenSigner.js';
import { createSigningCertificate } from '../../lambda/registry/signingCertificate.js';

export interface RegistryKeys {
  signer: RegistryTokenSigner;
  /** The tokens' `kid`. */
  keyId: string;
  /** The certificate a registry's `rootcertbundle` names (absolute path). */
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

/**
 * The registry token signing key of one machine and its certificate, created on first use
 * in the data folder: the local stand-in for the KMS key on AWS. It is never the dev key
 * that signs API tokens.
 */
export async function loadRegistryKeys(dataDir: string): Promise<RegistryKeys> {
  const privateKey = await loadRegistrySigningKey(dataDir);
  const signer: RegistryTokenSigner = {
    publicKey: createPublicKey(privateKey),
    sign: async (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  };
  const certificateFile = resolve(dataDir, 'registry-token.crt');
  await readOrCreate(certificateFile, () => createSigningCertificate(signer, { commonName: REGISTRY_CERTIFICATE_NAME }), 0o644);
  return { signer, keyId: libtrustKeyId(signer.publicKey), certificateFile };
}
