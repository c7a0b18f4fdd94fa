import type { AuditEvent } from '../../lambda/audit/AuditEvent.js';
import type { AuditTrail } from '../../lambda/audit/AuditTrail.js';

/**
 * The design before one line per request, kept to measure against (bench/logging/separateLines.ts):
 * the deployed trail was each event one JSON line on stdout, where Lambda sends it to the
 * function's log group. Plain JSON rather than a Logger's line, so the event's shape is
 * exactly AuditEvent's (no level, message or sampling fields), and no log level can mute it.
 */
export class StdoutAuditTrail implements AuditTrail {
  constructor(private readonly write: (line: string) => void = (line) => void process.stdout.write(`${line}\n`)) {}

  async record(event: AuditEvent): Promise<void> {
    this.write(JSON.stringify(event));
  }
}
