import {
  type CloudWatchLogsClient,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-cloudwatch-logs';
import type { AuditBatch, AuditLine } from './auditEvents.js';

/** PutLogEvents' limits: 10,000 events and 1,048,576 bytes a call, each event counting 26 bytes more than its message. */
const MAX_EVENTS_PER_CALL = 10_000;
const MAX_BYTES_PER_CALL = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;

/** What PutLogEvents refused of one call (events too old, too new, or past the group's retention). */
export interface RejectedEvents {
  streamName: string;
  tooOldLogEventEndIndex?: number;
  tooNewLogEventStartIndex?: number;
  expiredLogEventEndIndex?: number;
}

/** Splits time-ordered lines into PutLogEvents calls that stay within its limits. */
export function chunkForPutLogEvents(lines: readonly AuditLine[]): AuditLine[][] {
  const chunks: AuditLine[][] = [];
  let chunk: AuditLine[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line.message, 'utf8') + EVENT_OVERHEAD_BYTES;
    if (chunk.length > 0 && (chunk.length === MAX_EVENTS_PER_CALL || bytes + size > MAX_BYTES_PER_CALL)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(line);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * Writes audit events to the audit log group, one log stream per source log stream (so
 * `@logStream` of an audit event names the function's stream that holds its request's debug
 * lines), creating each stream once per container. Any failure is thrown: Lambda then
 * retries the whole batch (an event may so be written twice, never lost silently).
 */
export class AuditLogWriter {
  readonly #client: CloudWatchLogsClient;
  readonly #logGroupName: string;
  readonly #streams = new Set<string>();

  constructor(client: CloudWatchLogsClient, logGroupName: string) {
    this.#client = client;
    this.#logGroupName = logGroupName;
  }

  async write(batches: readonly AuditBatch[]): Promise<RejectedEvents[]> {
    const rejected: RejectedEvents[] = [];
    for (const batch of batches) {
      await this.#ensureStream(batch.streamName);
      // PutLogEvents wants each call's events in time order.
      const ordered = [...batch.lines].sort((a, b) => a.timestamp - b.timestamp);
      for (const chunk of chunkForPutLogEvents(ordered)) {
        const answer = await this.#client.send(
          new PutLogEventsCommand({ logGroupName: this.#logGroupName, logStreamName: batch.streamName, logEvents: chunk }),
        );
        if (answer.rejectedLogEventsInfo) rejected.push({ streamName: batch.streamName, ...answer.rejectedLogEventsInfo });
      }
    }
    return rejected;
  }

  async #ensureStream(streamName: string): Promise<void> {
    if (this.#streams.has(streamName)) return;
    try {
      await this.#client.send(new CreateLogStreamCommand({ logGroupName: this.#logGroupName, logStreamName: streamName }));
    } catch (error) {
      if (!(error instanceof ResourceAlreadyExistsException)) throw error;
    }
    this.#streams.add(streamName);
  }
}
