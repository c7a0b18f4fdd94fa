/**
 * The name of every operation of the API, in the catalog's order: what the floors below the
 * operations (the metrics, the middleware) know of them. The catalog
 * (lambda/operations/catalog.ts) gives each name its spec, and the compiler holds it to
 * exactly these names.
 */
export const OPERATIONS = [
  'createShare',
  'listShares',
  'showShare',
  'updateShare',
  'deleteShare',
  'listSharedRepositories',
  'issueRegistryToken',
  'issueRegistryTokenOAuth2',
  'createCredential',
  'listCredentials',
  'updateCredential',
  'deleteCredential',
] as const;

export type Operation = (typeof OPERATIONS)[number];
