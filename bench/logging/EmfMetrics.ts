import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { failureKind } from '../../lambda/metrics/failureKind.js';
import type { AuthFailureReason } from '../../lambda/auth/authFailureReasons.js';
import type { TokenDecision } from '../../lambda/domain/registryAccess.js';
import type { Operation } from '../../lambda/api/operationNames.js';
import {
  type FailureKind,
  METRIC,
  METRICS_NAMESPACE,
  SHARE_CHANGE_METRIC,
  type ShareChange,
  statusClass,
} from '../../lambda/metrics/metricNames.js';
import type { ServiceMetrics } from '../../lambda/metrics/ServiceMetrics.js';

/** Where an EMF document goes: one JSON line. */
export type EmfWriter = (line: string) => void;

/** Lambda sends a function's stdout to its log group, where CloudWatch reads the metrics out of it. */
const toStdout: EmfWriter = (line) => {
  process.stdout.write(`${line}\n`);
};

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

/**
 * The design before one line per request, kept to measure against (bench/logging/separateLines.ts):
 * the metrics as CloudWatch embedded metric format (EMF), built by Powertools Metrics: each a
 * JSON line on stdout beside the log, from which CloudWatch Logs extracts them, so that no
 * request waits for a PutMetricData call.
 *
 * One document per metric and dimension values, written at once: a document holds one value
 * per dimension (two token decisions need two), and writing synchronously means requests
 * served concurrently (by the local server, or one day a Lambda with concurrent invocations)
 * can never mix their dimensions in the one Powertools instance.
 */
export class EmfMetrics implements ServiceMetrics {
  private readonly metrics = new Metrics({ namespace: METRICS_NAMESPACE });

  constructor(private readonly write: EmfWriter = toStdout) {
    // Powertools adds a `service` dimension to every metric; the alarms name exactly the
    // dimensions of metricNames.ts, and a metric is found only by all of its dimensions.
    this.metrics.clearDefaultDimensions();
  }

  request(operation: Operation, status: number, latencyMs: number): void {
    this.publish(METRIC.requests, MetricUnit.Count, 1, { Operation: operation, StatusClass: statusClass(status) });
    this.publish(METRIC.latency, MetricUnit.Milliseconds, latencyMs, { Operation: operation });
  }

  tokenDecisions(decisions: readonly TokenDecision[]): void {
    const counts = new Map<TokenDecision, number>();
    for (const decision of decisions) counts.set(decision, (counts.get(decision) ?? 0) + 1);
    for (const [decision, count] of counts) this.publish(METRIC.tokenDecisions, MetricUnit.Count, count, { Decision: decision });
  }

  authFailure(reason: AuthFailureReason): void {
    this.publish(METRIC.authFailures, MetricUnit.Count, 1, { Reason: reason });
  }

  storeError(kind: FailureKind): void {
    this.publish(METRIC.storeErrors, MetricUnit.Count, 1, { Kind: kind });
  }

  kmsError(kind: FailureKind): void {
    this.publish(METRIC.kmsErrors, MetricUnit.Count, 1, { Kind: kind });
  }

  shareChanged(change: ShareChange): void {
    this.publish(SHARE_CHANGE_METRIC[change], MetricUnit.Count, 1, {});
  }

  shareUseStampFailed(error: unknown): void {
    this.publish(METRIC.shareUseStampFailures, MetricUnit.Count, 1, { Kind: failureKind(error) });
  }

  private publish(name: string, unit: Unit, value: number, dimensions: Readonly<Record<string, string>>): void {
    const { metrics } = this;
    try {
      // No dimension: the empty dimension set (`[[]]`), which EMF publishes as the metric alone.
      if (Object.keys(dimensions).length === 0) metrics.addDimensions({});
      for (const [dimension, dimensionValue] of Object.entries(dimensions)) metrics.addDimension(dimension, dimensionValue);
      metrics.addMetric(name, unit, value);
      this.write(JSON.stringify(metrics.serializeMetrics()));
    } finally {
      metrics.clearMetrics();
      metrics.clearDimensions();
    }
  }
}
