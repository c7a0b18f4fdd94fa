import { constants } from 'node:fs';
import { access, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError } from '../lambda/config.js';

/**
 * `mkdir -p`, one level at a time: Node's own recursive mkdir never returns for a path under
 * /proc (it retries the ENOENT forever).
 */
async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return;
      throw error;
    }
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    await makeFolder(parent);
    await mkdir(dir).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again;
    });
  }
}

/**
 * Makes sure DATA_DIR is a folder this process can write, creating it if need be.
 * @throws ConfigError saying what is wrong with it
 */
export async function prepareDataDir(dataDir: string): Promise<void> {
  try {
    await makeFolder(dataDir);
    await access(dataDir, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new ConfigError(`DATA_DIR ${dataDir} is not a folder (a file is in the way): set DATA_DIR to a folder`);
    }
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new ConfigError(`DATA_DIR ${dataDir} is not writable by this user: set DATA_DIR to a folder you can write`);
    }
    throw new ConfigError(`DATA_DIR ${dataDir} cannot be created (${code ?? (error as Error).message}): set DATA_DIR to a folder you can write`);
  }
}

/** The lock file's name in DATA_DIR. */
export const STORE_LOCK_FILE = 'store.lock';

interface LockHolder {
  pid: number;
  command: string;
}

export interface DataDirLock {
  release(): Promise<void>;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(file, 'utf8')) as Partial<LockHolder>;
    return Number.isInteger(holder.pid) ? { pid: holder.pid!, command: String(holder.command ?? '') } : undefined;
  } catch {
    return undefined; // gone since, or half written: treated as stale
  }
}

/**
 * Takes DATA_DIR's embedded store for this process. Its files (LevelDB) take one process at a
 * time, and a second one fails deep inside dynalite ("Database is closed"), so it is refused
 * here, naming the holder. A lock left by a process that no longer runs is taken over.
 * @throws ConfigError when a running process holds it
 */
export async function lockDataDir(dataDir: string, command: string): Promise<DataDirLock> {
  const file = join(dataDir, STORE_LOCK_FILE);
  const mine: LockHolder = { pid: process.pid, command };
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(file, JSON.stringify(mine), { flag: 'wx' });
      return { release: () => unlink(file).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(file);
    if (holder && isRunning(holder.pid)) {
      throw new ConfigError(
        `DATA_DIR ${dataDir} is in use by process ${holder.pid} (${holder.command}): stop it, or set another DATA_DIR ` +
          `(or DYNAMODB_ENDPOINT); if that process is not one of ours, delete ${file}`,
      );
    }
    if (attempt > 0) throw new ConfigError(`DATA_DIR ${dataDir}: cannot take the lock ${file}; delete it if no server runs`);
    await unlink(file).catch(() => undefined);
  }
}
