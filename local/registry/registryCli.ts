/**
 * `npm run registry [-- --listen <host:port>] [--storage <dir>] [--verbose]`: runs
 * distribution's registry (Debian's docker-registry) with the configuration of
 * `registry-config`, so that pulls and pushes are decided by the local server's token
 * service. Ctrl-C stops it. It says it runs only once that is true: its port was free, the
 * server answered with tokens the registry can verify, and the registry accepts connections;
 * then it records its address in DATA_DIR for `access-key`'s login commands. It prints the
 * registry's errors only, without the routine one of every push, unless --verbose.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommandLine } from '../cli/command.js';
import { dataDirFromEnv } from '../cli/settings.js';
import { recordRegistryAddress } from './registryAddress.js';
import { registryConfigYaml } from './registryConfig.js';
import { routineLineFilter } from './registryLog.js';
import { checkListenAddressFree, checkTokenService, waitUntilListening } from './registryPreflight.js';
import { REGISTRY_OPTIONS, REGISTRY_OPTIONS_USAGE, registrySetup } from './registrySetup.js';

const usage = `usage: npm run registry -- ${REGISTRY_OPTIONS_USAGE}
Runs a registry (docker-registry, or registry, on PATH) whose token auth trusts the server
of the same DATA_DIR and PORT. Defaults: --listen 127.0.0.1:5000, --storage $DATA_DIR/registry/storage.
It first checks that the port is free and that this server answers (start it first), and
records its address in $DATA_DIR/registry/address (access-key's login commands name it).
It shows the registry's errors only; --verbose: its whole log (debug level, access log).`;

/** The binaries of CNCF distribution: Debian's package name, then the upstream one. */
const REGISTRY_BINARIES = ['docker-registry', 'registry'];

function findRegistryBinary(): string | undefined {
  return REGISTRY_BINARIES.find((binary) => spawnSync('which', [binary], { stdio: 'ignore' }).status === 0);
}

/** The registry, its log passed on: all of it with --verbose, otherwise without its routine lines. */
function startRegistryProcess(binary: string, configFile: string, verbose: boolean): ChildProcess {
  if (verbose) return spawn(binary, ['serve', configFile], { stdio: 'inherit' });
  const registry = spawn(binary, ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const [stream, write] of [
    [registry.stdout!, (text: string) => process.stdout.write(text)],
    [registry.stderr!, (text: string) => process.stderr.write(text)],
  ] as const) {
    const filter = routineLineFilter(write);
    stream.on('data', filter.chunk);
    stream.on('end', filter.end);
  }
  return registry;
}

await runCommandLine('registry', { usage, options: REGISTRY_OPTIONS }, async ({ values }) => {
  const setup = await registrySetup(values);
  const binary = findRegistryBinary();
  if (!binary) {
    throw new Error(
      'No registry found on PATH (docker-registry or registry): install CNCF distribution, e.g. ' +
        '`apt-get install docker-registry` on Debian/Ubuntu, or run the registry:2 image with the output of `npm run --silent registry-config`.',
    );
  }
  await checkListenAddressFree(setup.listen);
  await checkTokenService(setup);
  const configFile = join(dataDirFromEnv(), 'registry', 'config.yml');
  await mkdir(join(configFile, '..'), { recursive: true });
  await writeFile(configFile, registryConfigYaml(setup), { mode: 0o600 });

  const registry = startRegistryProcess(binary, configFile, setup.verbose ?? false);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => registry.kill(signal));
  // 'close', not 'exit': what it wrote last has then been passed on.
  const closed = new Promise((resolve) => registry.once('close', resolve));
  const exitWithRegistry = (code: number | null, signal: NodeJS.Signals | null) => process.exit(code ?? (signal ? 0 : 1));
  registry.on('close', exitWithRegistry);
  try {
    await waitUntilListening(setup.listen, registry);
  } catch (error) {
    // It would outlive this process otherwise; this failure, not its exit, gives the exit code,
    // once its last words (why it stopped) are printed.
    registry.off('close', exitWithRegistry);
    registry.kill('SIGTERM');
    await closed;
    throw error;
  }
  await recordRegistryAddress(dataDirFromEnv(), setup.listen);
  // Only now, when it is true.
  console.log(
    `registry on http://${setup.listen}, images in ${setup.storageDir}, tokens from ${setup.apiUrl} (${configFile}). Ctrl-C stops it.`,
  );
});
