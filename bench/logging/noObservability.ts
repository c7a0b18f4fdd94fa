/**
 * What part 2 gives `createRuntime` to measure a create without metrics and audit: the
 * metrics sink that counts nothing (the local server's) and an audit trail that records
 * nothing, so that the same handler runs with neither metrics nor audit events on its line
 * (bench/requestOverhead/requestOverheadLoop.ts, "createShare without metrics and audit"); part 6 also
 * mutes the log line (bench/token/registryTokenLoop.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { AuditTrail } from '../../lambda/audit/AuditTrail.js';
import { NO_METRICS } from '../../lambda/metrics/ServiceMetrics.js';

/** Records nothing. */
export const NO_OP_AUDIT_TRAIL: AuditTrail = {
  record: async () => undefined,
};

/** No metrics, no audit events and no log line: a handler that writes nothing per request. */
export const UNOBSERVED = {
  metrics: NO_METRICS,
  audit: NO_OP_AUDIT_TRAIL,
  logger: new Logger({ logLevel: 'SILENT' }),
};
