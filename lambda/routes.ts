/**
 * Every route of the API, and the operation (Lambda function) behind it. The CDK stack and
 * the local server are both built from this table.
 */
export const OPERATIONS = ['createShare', 'listShares', 'showShare', 'updateShare', 'deleteShare'] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Below the base path; `{name}` is a path parameter. */
  path: string;
  operation: Operation;
}

/** `repos` is accepted as an alias of `repositories` (one SWR client builds every URL so). */
export const BASE_PATHS = [
  '/v2/manage/namespaces/{namespace}/repositories/{repository}/access-domains',
  '/v2/manage/namespaces/{namespace}/repos/{repository}/access-domains',
] as const;

const ROUTES_BELOW_BASE: readonly Route[] = [
  { method: 'POST', path: '', operation: 'createShare' },
  { method: 'GET', path: '', operation: 'listShares' },
  { method: 'GET', path: '/{access_domain}', operation: 'showShare' },
  { method: 'PATCH', path: '/{access_domain}', operation: 'updateShare' },
  { method: 'DELETE', path: '/{access_domain}', operation: 'deleteShare' },
];

export const ROUTES: readonly Route[] = BASE_PATHS.flatMap((base) =>
  ROUTES_BELOW_BASE.map((route) => ({ ...route, path: base + route.path })),
);
