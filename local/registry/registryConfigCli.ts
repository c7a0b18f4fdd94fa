/**
 * `npm run --silent registry-config -- [--listen <host:port>] [--storage <dir>]`: prints a
 * configuration for CNCF distribution's registry that trusts the local server started with
 * the same DATA_DIR and PORT.
 */
import { registryConfigYaml } from './registryConfig.js';
import { REGISTRY_OPTIONS_USAGE, registrySetupFromArgs } from './registrySetupFromArgs.js';

const usage = `usage: npm run --silent registry-config -- ${REGISTRY_OPTIONS_USAGE}
Prints a configuration (YAML) for distribution's registry (docker-registry serve FILE) whose
token auth trusts the server of the same DATA_DIR and PORT. Defaults: --listen 127.0.0.1:5000,
--storage $DATA_DIR/registry/storage.`;

try {
  const setup = await registrySetupFromArgs(process.argv.slice(2));
  if (!setup) {
    console.log(usage);
  } else {
    process.stdout.write(registryConfigYaml(setup));
  }
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
