import type { AuditEvent } from '../../lambda/audit/AuditEvent.js';
import { StdoutAuditTrail } from '../../lambda/audit/StdoutAuditTrail.js';

export interface AuditRecorder {
  /** The deployed trail, writing its lines here. */
  audit: StdoutAuditTrail;
  /** Every line written, oldest first. */
  lines: string[];
  /** Those lines, parsed. */
  events(): AuditEvent[];
  clear(): void;
}

/** The deployed audit trail (one JSON line per event), recording its lines instead of printing them. */
export function recordingAuditTrail(): AuditRecorder {
  const lines: string[] = [];
  return {
    audit: new StdoutAuditTrail((line) => lines.push(line)),
    lines,
    events: () => lines.map((line) => JSON.parse(line) as AuditEvent),
    clear: () => void lines.splice(0),
  };
}
