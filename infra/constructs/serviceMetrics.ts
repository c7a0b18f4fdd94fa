import { Duration } from 'aws-cdk-lib';
import { Metric, type MetricOptions, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import type { AuthFailureReason } from '../../lambda/auth/authFailureReasons.js';
import type { TOKEN_DECISIONS } from '../../lambda/domain/registryAccess.js';
import { type FailureKind, METRIC, METRICS_NAMESPACE, type StatusClass } from '../../lambda/metrics/metricNames.js';
import { OPERATIONS, type Operation, signingKeyActions } from '../../lambda/operations/catalog.js';

/**
 * The metrics the functions emit (CloudWatch embedded metric format, written with the
 * request's log line), by the names lambda/metrics/metricNames.ts fixes: what the alarms and
 * the dashboard read. A metric is found by its namespace, its name and its exact set of
 * dimensions, so the dimensions here are the full set each one is emitted with.
 */
/** The share changes counted, each a metric of its own without dimensions. */
export const SHARE_CHANGES = [METRIC.sharesCreated, METRIC.sharesUpdated, METRIC.sharesRevoked] as const;

/**
 * The registry token endpoint's operations (GET and POST forms): the ones whose catalog entry
 * may sign with the registry key (`issueRegistryToken`, `issueRegistryTokenOAuth2`).
 */
export const TOKEN_OPERATIONS: readonly Operation[] = OPERATIONS.filter((operation) => signingKeyActions(operation).length > 0);

/** The period every alarm and graph of the service's own metrics uses. */
export const METRIC_PERIOD = Duration.minutes(5);

/** The metric the access log's metric filter (ServiceApi) counts the API's 429 answers into. */
export const API_THROTTLES_METRIC = 'ApiThrottles';

const serviceMetric = (metricName: string, dimensionsMap: Record<string, string>, options: MetricOptions = {}) =>
  new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap, period: METRIC_PERIOD, statistic: Stats.SUM, ...options });

/** The service's own metrics, one function each, with the dimensions they are emitted with. */
export const serviceMetrics = {
  requests: (operation: Operation, statusClass: StatusClass, options?: MetricOptions) =>
    serviceMetric(METRIC.requests, { Operation: operation, StatusClass: statusClass }, options),
  latency: (operation: Operation, statistic: string, options?: MetricOptions) =>
    serviceMetric(METRIC.latency, { Operation: operation }, { statistic, ...options }),
  tokenDecisions: (decision: (typeof TOKEN_DECISIONS)[number], options?: MetricOptions) =>
    serviceMetric(METRIC.tokenDecisions, { Decision: decision }, options),
  authFailures: (reason: AuthFailureReason, options?: MetricOptions) => serviceMetric(METRIC.authFailures, { Reason: reason }, options),
  storeErrors: (kind: FailureKind, options?: MetricOptions) => serviceMetric(METRIC.storeErrors, { Kind: kind }, options),
  kmsErrors: (kind: FailureKind, options?: MetricOptions) => serviceMetric(METRIC.kmsErrors, { Kind: kind }, options),
  shareChanges: (name: (typeof SHARE_CHANGES)[number], options?: MetricOptions) => serviceMetric(name, {}, options),
  /** Not emitted by a function: counted from the API's access log (ServiceApi) for each 429 it answered. */
  apiThrottles: (options?: MetricOptions) => serviceMetric(API_THROTTLES_METRIC, {}, options),
};
