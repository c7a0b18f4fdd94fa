import { issueRegistryTokenHandler } from '../operations/issueRegistryToken/handler.js';
import { registryTokenDepsFromEnv } from '../runtime/registryTokenDepsFromEnv.js';

export const handler = issueRegistryTokenHandler(registryTokenDepsFromEnv());
