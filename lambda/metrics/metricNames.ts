/**
 * The service's metrics: one CloudWatch namespace, every name and every dimension value from
 * a closed set written here (docs/operating.md). The alarms and
 * the dashboard of the stack (infra/) name these exactly; a value never comes from a request,
 * so no token, signature or secret can become a dimension, and the number of metrics stays
 * fixed whatever callers send.
 */

/** The CloudWatch namespace of every metric. */
export const METRICS_NAMESPACE = 'SwrAccessDomains';

export const METRIC = {
  /** Count; dimensions Operation, StatusClass. One per request. */
  requests: 'Requests',
  /** Milliseconds; dimension Operation. One per request. */
  latency: 'Latency',
  /** Count; dimension Decision. One per repository scope the token service decides. */
  tokenDecisions: 'TokenDecisions',
  /** Count; dimension Reason. One per refused credential. */
  authFailures: 'AuthFailures',
  /** Count; dimension Kind. One per DynamoDB call that failed. */
  storeErrors: 'StoreErrors',
  /** Count; dimension Kind. One per failed call of the root key or the secret sealer (KMS on AWS). */
  kmsErrors: 'KmsErrors',
  /**
   * Count; dimension Kind. One per share use the token service failed to record (its grant
   * is answered all the same): the stamp of `last_used_at`, at most hourly per share.
   */
  shareUseStampFailures: 'ShareUseStampFailures',
  /** Count; no dimension. One per change stored. */
  sharesCreated: 'SharesCreated',
  sharesUpdated: 'SharesUpdated',
  sharesRevoked: 'SharesRevoked',
} as const;

export const STATUS_CLASSES = ['2xx', '4xx', '5xx'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** No operation answers 1xx or 3xx: anything below 400 succeeded. */
export function statusClass(status: number): StatusClass {
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  return '2xx';
}

/** How a call to AWS failed: throttled (a quota, to raise or spread), or anything else. */
export const FAILURE_KINDS = ['throttle', 'error'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** What happened to a share, by the metric that counts it. */
export type ShareChange = 'created' | 'updated' | 'revoked';

export const SHARE_CHANGE_METRIC: Readonly<Record<ShareChange, string>> = {
  created: METRIC.sharesCreated,
  updated: METRIC.sharesUpdated,
  revoked: METRIC.sharesRevoked,
};
