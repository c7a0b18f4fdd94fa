import { ClassicLevel } from 'classic-level';

/** A lock held until {@link release}, or until the process ends, however it ends. */
export interface KernelLock {
  release(): Promise<void>;
}

export type KernelLockAttempt = { taken: KernelLock } | { held: true };

/**
 * Takes an exclusive lock on `folder` that the kernel drops when this process dies: by a
 * signal, by SIGKILL, and whether or not its parent has reaped it yet (a process's files are
 * closed as it exits, before it becomes a zombie). A PID file cannot tell that: a zombie still
 * answers kill(pid, 0), and a PID can be reused by another process.
 *
 * The lock is LevelDB's `LOCK` file (fcntl F_SETLK on POSIX, LockFileEx on Windows), through
 * classic-level, which the embedded store already uses: its prebuilt binaries mean no native
 * build, and Node has no flock or fcntl of its own. The folder is a tiny LevelDB that is never
 * written; it is never deleted either, since removing a lock file while another process
 * waits on it would let two processes hold two different files.
 *
 * `held` when another process (or this one, through another call) holds it.
 */
export async function takeKernelLock(folder: string): Promise<KernelLockAttempt> {
  const db = new ClassicLevel(folder, { createIfMissing: true });
  try {
    await db.open();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') return { held: true };
    throw (cause as Error | undefined) ?? error;
  }
  return { taken: { release: () => db.close() } };
}
