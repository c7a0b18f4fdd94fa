import { appendFile } from 'node:fs/promises';
import type { AuditEvent } from '../../lambda/audit/AuditEvent.js';
import type { AuditTrail } from '../../lambda/audit/AuditTrail.js';
import type { RequestLogger } from '../../lambda/RequestLogger.js';

/** An event waiting for its line to be appended, and the request waiting for it. */
interface Queued {
  event: AuditEvent;
  line: string;
  written: () => void;
}

/**
 * The local server's audit trail: each event appended to a file as one JSON line
 * (`npm run audit` reads it). One append at a time, in the order the events were recorded,
 * so concurrent requests never interleave their lines; the events recorded while an append
 * is under way go together in the next one (under load, one open-write-close of the file
 * per event cost the server about a quarter of its creates per second). A failed append does
 * not undo the changes it records, nor fail their answers: the events go to the log instead.
 */
export class FileAuditTrail implements AuditTrail {
  private queue: Queued[] = [];
  private appending = false;

  constructor(
    private readonly file: string,
    private readonly logger: Pick<RequestLogger, 'error'>,
  ) {}

  /** Resolves once the event's line is in the file, or in the log when it could not be. */
  record(event: AuditEvent): Promise<void> {
    return new Promise((written) => {
      this.queue.push({ event, line: `${JSON.stringify(event)}\n`, written });
      if (!this.appending) void this.appendQueued();
    });
  }

  private async appendQueued(): Promise<void> {
    this.appending = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        // Owner-only, as the keys beside it: it says who shared what with whom.
        await appendFile(this.file, batch.map(({ line }) => line).join(''), { mode: 0o600 });
      } catch (error) {
        for (const { event } of batch) this.logger.error('audit event not written', { error: error as Error, auditEvent: event });
      }
      for (const { written } of batch) written();
    }
    this.appending = false;
  }
}
