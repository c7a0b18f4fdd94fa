import { registryConfigFromEnv } from '../../config.js';
import { listSharedRepositoriesHandler } from './handler.js';
import { createRuntime } from '../../runtime.js';

export const handler = listSharedRepositoriesHandler({ ...createRuntime(), registryAddress: registryConfigFromEnv().address });
