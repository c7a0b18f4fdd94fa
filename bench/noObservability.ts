/**
 * What part 2 gives `createRuntime` to measure a create without metrics and audit: a metrics
 * sink and an audit trail that do nothing, so that the same handler runs with neither EMF
 * lines nor audit events (bench/requestOverheadLoop.ts, "createShare without metrics and audit");
 * part 6 also mutes the log line (bench/registryTokenLoop.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { AuditTrail } from '../lambda/audit/AuditTrail.js';
import type { ServiceMetrics } from '../lambda/metrics/ServiceMetrics.js';

/** Counts and times nothing. */
export const NO_OP_METRICS: ServiceMetrics = {
  request: () => undefined,
  tokenDecisions: () => undefined,
  authFailure: () => undefined,
  storeError: () => undefined,
  kmsError: () => undefined,
  shareChanged: () => undefined,
};

/** Records nothing. */
export const NO_OP_AUDIT_TRAIL: AuditTrail = {
  record: async () => undefined,
};

/** No metrics, no audit events and no log line: a handler that writes nothing per request. */
export const UNOBSERVED = {
  metrics: NO_OP_METRICS,
  audit: NO_OP_AUDIT_TRAIL,
  logger: new Logger({ logLevel: 'SILENT' }),
};
