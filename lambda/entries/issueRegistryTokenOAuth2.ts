import { issueRegistryTokenOAuth2Handler } from '../operations/issueRegistryTokenOAuth2.js';
import { registryTokenDepsFromEnv } from '../registry/registryTokenDepsFromEnv.js';

export const handler = issueRegistryTokenOAuth2Handler(registryTokenDepsFromEnv());
