import { fork } from 'node:child_process';

/**
 * Runs a measuring loop (a .ts file that sends its result over IPC and exits 0) in a
 * process of its own, whose stdout, where the handlers write their log lines, goes nowhere.
 */
export function forkLoop<Result>(file: string, options: object): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(file, [JSON.stringify(options)], {
      execArgv: ['--import', 'tsx'],
      env: process.env,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: Result | undefined;
    child.on('message', (message) => (result = message as Result));
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`${file} failed (exit ${code})`))));
  });
}
