import type { AuditEvent } from '../../lambda/audit/AuditEvent.js';
import type { AuditTrail } from '../../lambda/audit/AuditTrail.js';
import { auditEventsOfLine } from '../../lambda/auditForwarder/auditEvents.js';
import { RequestTelemetry } from '../../lambda/metrics/RequestTelemetry.js';

export interface AuditRecorder {
  /** The deployed trail, writing its lines here. */
  audit: AuditTrail;
  /** Every line written, oldest first. */
  lines: string[];
  /** The audit events in those lines, as the audit forwarder finds them. */
  events(): AuditEvent[];
  clear(): void;
}

/**
 * The deployed audit trail, recording its lines instead of printing them: outside a request,
 * one line per event; `lines` may be shared with the request log, whose lines carry the
 * events of a request. Events are read back as the audit forwarder reads them.
 */
export function recordingAuditTrail(
  lines: string[] = [],
  audit: AuditTrail = new RequestTelemetry((line) => lines.push(line)),
): AuditRecorder {
  return {
    audit,
    lines,
    events: () => lines.flatMap((line) => auditEventsOfLine(line).map(({ event }) => event as unknown as AuditEvent)),
    clear: () => void lines.splice(0),
  };
}
