import { readFileSync } from 'node:fs';

/**
 * The registry task's entrypoint script (./taskStart.sh), which the task definition gives
 * `/bin/sh -c` with the script's arguments after it: see {@link taskStartCommand}.
 */
export const TASK_START_SCRIPT = readFileSync(new URL('./taskStart.sh', import.meta.url), 'utf8');

/** The variable that carries the root certificate (PEM) into the container. */
export const ROOT_CERTIFICATE_ENV = 'ROOT_CERTIFICATE';

/** `$0` of the script, as its messages and `ps` show it. */
const SCRIPT_NAME = 'task-start';

/**
 * The container's entrypoint and command: write `configYaml` to `configFile` and the root
 * certificate where the configuration says, then run `<registryBinary> serve <configFile>`.
 */
export function taskStartCommand(configFile: string, configYaml: string, registryBinary: string) {
  return { entryPoint: ['/bin/sh', '-c', TASK_START_SCRIPT, SCRIPT_NAME], command: [configFile, configYaml, registryBinary] };
}
