/**
 * `npm run --silent registry-config -- [--listen <host:port>] [--storage <dir>] [--verbose]`: prints a
 * configuration for CNCF distribution's registry that trusts the local server started with
 * the same DATA_DIR and PORT.
 */
import { runCommandLine } from '../cli/command.js';
import { registryConfigYaml } from './registryConfig.js';
import { REGISTRY_OPTIONS, REGISTRY_OPTIONS_USAGE, registrySetup } from './registrySetup.js';

const usage = `usage: npm run --silent registry-config -- ${REGISTRY_OPTIONS_USAGE}
Prints a configuration (YAML) for distribution's registry (docker-registry serve FILE) whose
token auth trusts the server of the same DATA_DIR and PORT. Defaults: --listen 127.0.0.1:5000,
--storage $DATA_DIR/registry/storage. It logs errors only; --verbose: everything (debug
level and the access log).`;

await runCommandLine('registry-config', { usage, options: REGISTRY_OPTIONS }, async ({ values }) => {
  process.stdout.write(registryConfigYaml(await registrySetup(values)));
});
