/**
 * `npm run registry [-- --listen <host:port>] [--storage <dir>]`: runs distribution's
 * registry (Debian's docker-registry) with the configuration of `registry-config`, so that
 * pulls and pushes are decided by the local server's token service. Ctrl-C stops it. It
 * says it runs only once that is true: its port was free, the server answered with tokens the
 * registry can verify, and the registry accepts connections.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommandLine } from '../cli/command.js';
import { dataDirFromEnv } from '../settings.js';
import { registryConfigYaml } from './registryConfig.js';
import { checkListenAddressFree, checkTokenService, waitUntilListening } from './registryPreflight.js';
import { REGISTRY_OPTIONS, REGISTRY_OPTIONS_USAGE, registrySetup } from './registrySetup.js';

const usage = `usage: npm run registry -- ${REGISTRY_OPTIONS_USAGE}
Runs a registry (docker-registry, or registry, on PATH) whose token auth trusts the server
of the same DATA_DIR and PORT. Defaults: --listen 127.0.0.1:5000, --storage $DATA_DIR/registry/storage.
It first checks that the port is free and that this server answers (start it first).`;

/** The binaries of CNCF distribution: Debian's package name, then the upstream one. */
const REGISTRY_BINARIES = ['docker-registry', 'registry'];

function findRegistryBinary(): string | undefined {
  return REGISTRY_BINARIES.find((binary) => spawnSync('which', [binary], { stdio: 'ignore' }).status === 0);
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

  const registry = spawn(binary, ['serve', configFile], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => registry.kill(signal));
  const exitWithRegistry = (code: number | null, signal: NodeJS.Signals | null) => process.exit(code ?? (signal ? 0 : 1));
  registry.on('exit', exitWithRegistry);
  try {
    await waitUntilListening(setup.listen, registry);
  } catch (error) {
    // It would outlive this process otherwise; this failure, not its exit, gives the exit code.
    registry.off('exit', exitWithRegistry);
    registry.kill('SIGTERM');
    throw error;
  }
  // Only now, when it is true.
  console.log(`registry on http://${setup.listen}, images in ${setup.storageDir}, tokens from ${setup.apiUrl} (${configFile}). Ctrl-C stops it.`);
});
