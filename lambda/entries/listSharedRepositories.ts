import { registryConfigFromEnv } from '../config.js';
import { listSharedRepositoriesHandler } from '../operations/listSharedRepositories.js';
import { createRuntime } from '../runtime.js';

export const handler = listSharedRepositoriesHandler({ ...createRuntime(), registryAddress: registryConfigFromEnv().address });
