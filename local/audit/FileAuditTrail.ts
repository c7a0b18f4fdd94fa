import { appendFile } from 'node:fs/promises';
import type { AuditEvent } from '../../lambda/audit/AuditEvent.js';
import type { AuditTrail } from '../../lambda/audit/AuditTrail.js';
import type { RequestLogger } from '../../lambda/RequestLogger.js';

/**
 * The local server's audit trail: each event appended to a file as one JSON line
 * (`npm run audit` reads it). Appends go one at a time, in the order the events were
 * recorded, so concurrent requests never interleave their lines. A failed append does not
 * undo the change it records, nor fail its answer: the event goes to the log instead.
 */
export class FileAuditTrail implements AuditTrail {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly logger: Pick<RequestLogger, 'error'>,
  ) {}

  record(event: AuditEvent): Promise<void> {
    // Owner-only, as the keys beside it: it says who shared what with whom.
    const written = this.tail.then(() => appendFile(this.file, `${JSON.stringify(event)}\n`, { mode: 0o600 }));
    this.tail = written.catch(() => undefined);
    return written.catch((error: unknown) => {
      this.logger.error('audit event not written', { error: error as Error, auditEvent: event });
    });
  }
}
