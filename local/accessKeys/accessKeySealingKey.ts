import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AesGcmSecretSealer } from './AesGcmSecretSealer.js';

/**
 * The local server's stand-in for the stack's KMS key: a random AES-256 key in DATA_DIR
 * (`access-key-sealing.key`, mode 0600), made on first use, with which access key secrets
 * are sealed in the embedded store. Losing the file makes every stored key unusable.
 */
export async function loadLocalSecretSealer(dataDir: string): Promise<AesGcmSecretSealer> {
  const file = join(dataDir, 'access-key-sealing.key');
  try {
    return new AesGcmSecretSealer(await readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(32);
  // `wx`: of two processes starting at once, the second reads the first's key.
  try {
    await writeFile(file, key, { mode: 0o600, flag: 'wx' });
    return new AesGcmSecretSealer(key);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return new AesGcmSecretSealer(await readFile(file));
  }
}
