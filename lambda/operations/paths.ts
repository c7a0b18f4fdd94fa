import type { TableAction } from '../api/OperationSpec.js';

/** The routes several operations share, and other building blocks of their specs. */

/** `repos` is accepted as an alias of `repositories` (one SWR client builds every URL so). */
export const REPOSITORY_SHARES = [
  '/v2/manage/namespaces/{namespace}/repositories/{repository}/access-domains',
  '/v2/manage/namespaces/{namespace}/repos/{repository}/access-domains',
] as const;
export const ONE_SHARE = REPOSITORY_SHARES.map((path) => `${path}/{access_domain}`);

/** IAM's credential API, for one's own access keys. */
export const CREDENTIALS = '/v3.0/OS-CREDENTIAL/credentials';
export const ONE_CREDENTIAL = `${CREDENTIALS}/{access}`;

/** The token endpoint, in both its forms: where a registry's `realm` points, below the API's base URL. */
export const REGISTRY_TOKEN_PATH = '/registry/token';

/** Store actions on the table itself, no index. */
export const onTable = (...actions: TableAction[]) => ({ actions, indexes: [] });

/** The repository the examples share: demo/nginx, which the examples' caller manages. */
export const DEMO_NGINX = { namespace: 'demo', repository: 'nginx' } as const;
