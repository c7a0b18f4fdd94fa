/**
 * Run as a process of its own by tests that must not let their own event loop run meanwhile
 * (test/local/startupErrors.test.ts keeps a killed server unreaped that way): starts
 * `local/main.ts` with this process's environment, presses Ctrl-C once it is ready, and
 * prints what it printed. Exit code 0 only if it started and stopped cleanly.
 */
import { startMain } from './startMain.js';

try {
  const main = await startMain({});
  const code = await main.stop();
  process.stdout.write(main.output());
  process.exitCode = code === 0 ? 0 : 1;
} catch (error) {
  process.stdout.write((error as Error).message);
  process.exitCode = 1;
}
