import type { AuditEvent } from './AuditEvent.js';

/**
 * Where audit events go: on AWS the request's log line on stdout (its `auditEvents`), whence
 * a subscription filter on `{ $.audit = * }` copies them to the audit log group kept for a
 * year (lambda/metrics/RequestTelemetry.ts); locally a file in DATA_DIR
 * (local/audit/FileAuditTrail.ts). Recorded only once the change or the grant has been made.
 */
export interface AuditTrail {
  record(event: AuditEvent): Promise<void>;
}
