import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AUDIT_VERSION, type AuditEvent } from '../../lambda/audit/AuditEvent.js';

/** In DATA_DIR: the local server's audit trail, one JSON event a line, oldest first. */
export const AUDIT_FILE = 'audit.jsonl';

export const auditFileOf = (dataDir: string) => join(dataDir, AUDIT_FILE);

/** What an audit file holds: its events, and how many lines were not one (a write cut short). */
export interface AuditFileContents {
  events: AuditEvent[];
  skipped: number;
}

/** The versions read: the current one, and version 1 (the same but for `subject`), which older servers wrote. */
const READABLE_VERSIONS: readonly number[] = [1, AUDIT_VERSION];

function parseEvent(line: string): AuditEvent | undefined {
  try {
    const event = JSON.parse(line) as { audit?: unknown; version?: unknown } | null;
    return event && typeof event.audit === 'string' && READABLE_VERSIONS.includes(event.version as number)
      ? (event as AuditEvent)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The events of an audit file; none when there is no file yet (no change was made). */
export async function readAuditFile(file: string): Promise<AuditFileContents> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], skipped: 0 };
    throw error;
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const events = lines.map(parseEvent).filter((event) => event !== undefined);
  return { events, skipped: lines.length - events.length };
}
