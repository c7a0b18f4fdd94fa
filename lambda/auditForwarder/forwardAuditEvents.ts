import type { CloudWatchLogsEvent } from 'aws-lambda';
import { auditEventsOf, decodeSubscriptionEvent } from './auditEvents.js';
import type { AuditLogWriter } from './AuditLogWriter.js';

/** Where the forwarder reports on itself: its own log group, never the audit group. */
export type ForwarderLog = Pick<Console, 'warn'>;

/**
 * One subscription batch from a function's log group: its audit events go to the audit log
 * group. Lines that are not audit events, a field blanked because it looked like a
 * credential, an event PutLogEvents refused: each is counted in the forwarder's own log
 * (counts and names only, never a value).
 */
export async function forwardAuditEvents(event: CloudWatchLogsEvent, writer: AuditLogWriter, log: ForwarderLog = console): Promise<void> {
  const data = decodeSubscriptionEvent(event);
  const { batches, skipped, redacted } = auditEventsOf(data);
  if (skipped > 0 || redacted > 0) {
    log.warn(JSON.stringify({ message: 'audit lines not forwarded as written', logGroup: data.logGroup, skipped, redacted }));
  }
  const rejected = await writer.write(batches);
  if (rejected.length > 0) log.warn(JSON.stringify({ message: 'audit events refused by PutLogEvents', rejected }));
}
