import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

/** What `npm start` runs, and every command the docs name, as this process's Node runs them. */
export function runCommandFile(file: string, args: string[], env: Record<string, string | undefined>, timeoutMs = 30_000) {
  return spawnSync(process.execPath, ['--import', 'tsx', file, ...args], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
}

export interface RunningMain {
  child: ChildProcess;
  banner: string;
  output(): string;
  /** Ctrl-C, and the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `local/main.ts` (what `npm start` runs) and collects what it prints until it is ready. */
export function startMain(env: Record<string, string>): Promise<RunningMain> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`not ready in time:\n${printed}`));
    }, 20_000);
    child.stdout!.on('data', () => {
      if (printed.includes('Ctrl-C stops the server.')) {
        clearTimeout(timer);
        resolve({ child, banner: printed, output: () => printed, stop });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${printed}`)));
  });
}
