import { issueRegistryTokenHandler } from './handler.js';
import { registryTokenDepsFromEnv } from '../../registry/registryTokenDepsFromEnv.js';

export const handler = issueRegistryTokenHandler(registryTokenDepsFromEnv());
