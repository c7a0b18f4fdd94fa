import { issueRegistryTokenHandler } from '../operations/issueRegistryToken.js';
import { registryTokenDepsFromEnv } from '../registry/registryTokenDepsFromEnv.js';

export const handler = issueRegistryTokenHandler(registryTokenDepsFromEnv());
