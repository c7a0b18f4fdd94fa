import { issueRegistryTokenOAuth2Handler } from '../operations/issueRegistryTokenOAuth2/handler.js';
import { registryTokenDepsFromEnv } from '../runtime/registryTokenDepsFromEnv.js';

export const handler = issueRegistryTokenOAuth2Handler(registryTokenDepsFromEnv());
