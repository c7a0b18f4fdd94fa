import { constants } from 'node:fs';
import { access, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../lambda/runtime/config.js';
import { takeKernelLock } from './kernelLock.js';

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
    throw new ConfigError(
      `DATA_DIR ${dataDir} cannot be created (${code ?? (error as Error).message}): set DATA_DIR to a folder you can write`,
    );
  }
}

/** In DATA_DIR: the embedded store's files (LevelDB). */
export const embeddedStoreFolder = (dataDir: string) => join(dataDir, 'dynamodb');

/**
 * In DATA_DIR: the note saying who holds the store (JSON `{pid, command}`), for the message
 * of whoever finds it taken. Only a note: the lock itself is {@link STORE_LOCK_FOLDER}'s.
 */
export const STORE_LOCK_FILE = 'store.lock';
/** In DATA_DIR: the folder whose kernel lock is the store's (local/store/kernelLock.ts). */
export const STORE_LOCK_FOLDER = 'store.lock.d';

interface LockHolder {
  pid: number;
  command: string;
  /** The embedded store's endpoint while the holder serves it, for tools that read it meanwhile (`npm run audit -- --unused`). */
  storeEndpoint?: string;
}

export interface DataDirLock {
  /** Notes where the holder serves the embedded store, for tools that read it meanwhile. */
  announceStore(endpoint: string): Promise<void>;
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
    if (!Number.isInteger(holder.pid)) return undefined;
    return {
      pid: holder.pid!,
      command: String(holder.command ?? ''),
      ...(typeof holder.storeEndpoint === 'string' && { storeEndpoint: holder.storeEndpoint }),
    };
  } catch {
    return undefined; // none, or not ours
  }
}

/** Written whole or not at all (a rename), so that a reader never sees half of it. */
async function writeHolder(file: string, holder: LockHolder): Promise<void> {
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, JSON.stringify(holder));
  await rename(partial, file);
}

/**
 * Takes DATA_DIR's embedded store for this process. Its files (LevelDB) take one process at a
 * time, and a second one fails deep inside dynalite ("Database is closed"), so it is refused
 * here, naming the holder. The lock is one the kernel releases when its holder dies, even
 * killed with SIGKILL and not yet reaped; what the note says is never taken for the truth
 * (it may name a process long gone, or a PID since given to another program).
 * @throws ConfigError when a running process holds it
 */
export async function lockDataDir(dataDir: string, command: string): Promise<DataDirLock> {
  const note = join(dataDir, STORE_LOCK_FILE);
  const folder = join(dataDir, STORE_LOCK_FOLDER);
  let attempt: Awaited<ReturnType<typeof takeKernelLock>>;
  try {
    attempt = await takeKernelLock(folder);
  } catch (error) {
    throw new ConfigError(
      `DATA_DIR ${dataDir}: cannot take the lock ${folder} (${(error as Error).message}); delete that folder if no server runs`,
    );
  }
  if ('held' in attempt) {
    // The holder writes its note just after taking the lock: a note naming a process that no
    // longer runs is a predecessor's.
    const holder = await readHolder(note);
    const who = holder && isRunning(holder.pid) ? `process ${holder.pid} (${holder.command})` : 'another process';
    throw new ConfigError(`DATA_DIR ${dataDir} is in use by ${who}: stop it, or set another DATA_DIR (or DYNAMODB_ENDPOINT)`);
  }
  const lock = attempt.taken;
  try {
    await writeHolder(note, { pid: process.pid, command });
  } catch (error) {
    await lock.release();
    throw error;
  }
  return {
    announceStore: (storeEndpoint) => writeHolder(note, { pid: process.pid, command, storeEndpoint }),
    // The note goes first: once the lock is free, the next holder's note must stay.
    release: async () => {
      await unlink(note).catch(() => undefined);
      await lock.release();
    },
  };
}

/**
 * Where the process holding DATA_DIR's store serves it, if one does and said so; `undefined`
 * when none runs (the store may then be opened), or one runs that did not say.
 */
export async function announcedStoreEndpoint(dataDir: string): Promise<string | undefined> {
  const holder = await readHolder(join(dataDir, STORE_LOCK_FILE));
  return holder && isRunning(holder.pid) ? holder.storeEndpoint : undefined;
}
