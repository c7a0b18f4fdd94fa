import { registryConfigFromEnv } from '../runtime/config.js';
import { listSharedRepositoriesHandler } from '../operations/listSharedRepositories/handler.js';
import { createRuntime } from '../runtime/createRuntime.js';

export const handler = listSharedRepositoriesHandler({ ...createRuntime(), registryAddress: registryConfigFromEnv().address });
