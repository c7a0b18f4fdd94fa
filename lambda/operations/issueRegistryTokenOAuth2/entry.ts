import { issueRegistryTokenOAuth2Handler } from './handler.js';
import { registryTokenDepsFromEnv } from '../../registry/registryTokenDepsFromEnv.js';

export const handler = issueRegistryTokenOAuth2Handler(registryTokenDepsFromEnv());
