import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Where `npm run registry` notes the address it serves, so that the commands that print
 * registry commands (`access-key`'s login lines) name that registry rather than a default.
 * It stays after the registry stops: it is the address the registry of this DATA_DIR last
 * served, which the next `npm run registry` overwrites.
 */
export const registryAddressFile = (dataDir: string) => join(dataDir, 'registry', 'address');

/** The address clients reach a registry listening on `listen` by: `:5000` and `0.0.0.0:5000` listen on loopback too. */
export function clientAddress(listen: string): string {
  const colon = listen.lastIndexOf(':');
  const host = listen.slice(0, colon);
  return !host || host === '0.0.0.0' ? `127.0.0.1${listen.slice(colon)}` : listen;
}

export async function recordRegistryAddress(dataDir: string, listen: string): Promise<void> {
  await mkdir(dirname(registryAddressFile(dataDir)), { recursive: true });
  await writeFile(registryAddressFile(dataDir), `${clientAddress(listen)}\n`);
}

/** The address last recorded for this DATA_DIR, if any. */
export async function recordedRegistryAddress(dataDir: string): Promise<string | undefined> {
  try {
    return (await readFile(registryAddressFile(dataDir), 'utf8')).trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
