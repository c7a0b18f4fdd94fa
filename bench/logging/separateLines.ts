/**
 * The design before one line per request, as a bench-only variant: what `createRuntime` was
 * given by default then. Each request wrote its log line (Powertools Logger), an EMF document
 * per metric and dimension values (Powertools Metrics, bench/logging/EmfMetrics.ts) and an audit line
 * per event (bench/logging/StdoutAuditTrail.ts), all on stdout; part 8 measures its bytes beside the
 * one line (bench/logging/loggedBytes.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { SERVICE_NAME } from '../../lambda/runtime/createRuntime.js';
import { EmfMetrics } from './EmfMetrics.js';
import { StdoutAuditTrail } from './StdoutAuditTrail.js';

/** The logger, metrics and audit trail of the design before, writing to stdout. */
export function separateLines() {
  return { logger: new Logger({ serviceName: SERVICE_NAME }), metrics: new EmfMetrics(), audit: new StdoutAuditTrail() };
}
