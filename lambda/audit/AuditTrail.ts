import type { AuditEvent } from './AuditEvent.js';

/**
 * Where audit events go, apart from the debug log: on AWS stdout, whence a subscription
 * filter on `{ $.audit = * }` copies them to the audit log group kept for a year
 * (StdoutAuditTrail); locally a file in DATA_DIR (local/audit/FileAuditTrail.ts). Written only
 * once the change or the grant has been made.
 */
export interface AuditTrail {
  record(event: AuditEvent): Promise<void>;
}
