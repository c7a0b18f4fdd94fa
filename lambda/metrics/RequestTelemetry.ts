import { getXRayTraceIdFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditEvent } from '../audit/AuditEvent.js';
import type { AuditTrail } from '../audit/AuditTrail.js';
import type { AuthFailureReason } from '../auth/authFailureReasons.js';
import type { TokenDecision } from '../domain/registryAccess.js';
import type { Operation } from '../api/operationNames.js';
import { emfDocuments, emfMembers, type Measurement } from './emfMembers.js';
import { failureKind } from './failureKind.js';
import { type FailureKind, METRIC, SHARE_CHANGE_METRIC, type ShareChange, statusClass } from './metricNames.js';
import type { ServiceMetrics } from './ServiceMetrics.js';

/** Where a line goes: stdout on Lambda, which sends it to the function's log group. */
export type LineWriter = (line: string) => void;

const toStdout: LineWriter = (line) => {
  process.stdout.write(`${line}\n`);
};

/** What a request measured and audited, until its log line takes it. */
interface RequestRecord {
  measurements: Measurement[];
  events: AuditEvent[];
  taken: boolean;
}

/** The part of the telemetry the request's log line needs: it runs each request, and takes what the request left. */
export interface RequestLine {
  run<T>(work: () => Promise<T>): Promise<T>;
  /**
   * What the running request measured and audited, as members of its log line: the metrics
   * as EMF (`_aws`, dimension and metric values), and its audit events, if any, under
   * `auditEvents`, with `audit` naming their type (what the subscription filter
   * `{ $.audit = * }` matches). Whatever the request records after this is written apart.
   */
  take(): Record<string, unknown>;
  /**
   * Writes the request's one line: `message` and `fields` (the log's own, an undefined one
   * left out), then what {@link take} takes.
   */
  write(message: string, fields: Record<string, unknown>): void;
}

/**
 * The deployed metrics and audit trail: one line per request. What a request measures and
 * audits is held (per request, by AsyncLocalStorage, so that requests served at once never
 * mix) until its log line is written, which carries it all; a measurement one JSON object
 * cannot hold beside the others (a second value of one dimension) is an EMF document of its
 * own, and what happens outside a request (a key renewed after its answer) a line at once.
 */
export class RequestTelemetry implements ServiceMetrics, AuditTrail, RequestLine {
  readonly #records = new AsyncLocalStorage<RequestRecord>();

  constructor(private readonly writeLine: LineWriter = toStdout) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.#records.run({ measurements: [], events: [], taken: false }, work);
  }

  take(): Record<string, unknown> {
    const record = this.#open();
    if (!record) return {};
    record.taken = true;
    const { measurements, events } = record;
    const members: Record<string, unknown> = {};
    if (measurements.length > 0) {
      const now = Date.now();
      const { members: emf, left } = emfMembers(measurements, now);
      Object.assign(members, emf);
      this.#writeDocuments(left, now);
    }
    if (events.length > 0) Object.assign(members, { audit: events[0]!.audit, auditEvents: events });
    return members;
  }

  write(message: string, fields: Record<string, unknown>): void {
    // As the functions' Logger writes its lines (CompactLogFormatter), at INFO, without it:
    // Powertools merges and walks every field, three times the cost of one JSON.stringify.
    const traceId = getXRayTraceIdFromEnv();
    this.writeLine(JSON.stringify({ level: 'INFO', message, ...(traceId && { xray_trace_id: traceId }), ...fields, ...this.take() }));
  }

  request(operation: Operation, status: number, latencyMs: number): void {
    this.#measure({
      name: METRIC.requests,
      unit: 'Count',
      value: 1,
      dimensions: { Operation: operation, StatusClass: statusClass(status) },
    });
    this.#measure({ name: METRIC.latency, unit: 'Milliseconds', value: latencyMs, dimensions: { Operation: operation } });
  }

  tokenDecisions(decisions: readonly TokenDecision[]): void {
    const counts = new Map<TokenDecision, number>();
    for (const decision of decisions) counts.set(decision, (counts.get(decision) ?? 0) + 1);
    for (const [decision, count] of counts) {
      this.#measure({ name: METRIC.tokenDecisions, unit: 'Count', value: count, dimensions: { Decision: decision } });
    }
  }

  authFailure(reason: AuthFailureReason): void {
    this.#measure({ name: METRIC.authFailures, unit: 'Count', value: 1, dimensions: { Reason: reason } });
  }

  storeError(kind: FailureKind): void {
    this.#measure({ name: METRIC.storeErrors, unit: 'Count', value: 1, dimensions: { Kind: kind } });
  }

  kmsError(kind: FailureKind): void {
    this.#measure({ name: METRIC.kmsErrors, unit: 'Count', value: 1, dimensions: { Kind: kind } });
  }

  shareChanged(change: ShareChange): void {
    this.#measure({ name: SHARE_CHANGE_METRIC[change], unit: 'Count', value: 1, dimensions: {} });
  }

  shareUseStampFailed(error: unknown): void {
    this.#measure({ name: METRIC.shareUseStampFailures, unit: 'Count', value: 1, dimensions: { Kind: failureKind(error) } });
  }

  async record(event: AuditEvent): Promise<void> {
    const record = this.#open();
    if (record) record.events.push(event);
    else this.writeLine(JSON.stringify(event));
  }

  /** The running request's record, while its line has not been written. */
  #open(): RequestRecord | undefined {
    const record = this.#records.getStore();
    return record && !record.taken ? record : undefined;
  }

  #measure(measurement: Measurement): void {
    const record = this.#open();
    if (record) record.measurements.push(measurement);
    else this.#writeDocuments([measurement], Date.now());
  }

  #writeDocuments(measurements: readonly Measurement[], timestamp: number): void {
    for (const document of emfDocuments(measurements, timestamp)) this.writeLine(JSON.stringify(document));
  }
}
