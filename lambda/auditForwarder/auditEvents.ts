import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent } from 'aws-lambda';
import { gunzipSync } from 'node:zlib';

/** One audit event as the forwarder writes it: its original time, and the JSON line. */
export interface AuditLine {
  timestamp: number;
  message: string;
}

/** The audit events of one batch, by the log stream they came from. */
export interface AuditBatch {
  /** `<source log group>/<source log stream>`: where the event's request logged the rest of its lines. */
  streamName: string;
  lines: AuditLine[];
}

/** What a batch held besides its audit events: lines that were not audit events, and fields blanked. */
export interface AuditBatchReport {
  batches: AuditBatch[];
  skipped: number;
  redacted: number;
}

/** What stands in for a value that must never leave the function's own log. */
export const REDACTED = '[redacted]';

/**
 * A field whose name says it holds a credential: a token (`token`, `accessToken`,
 * `x-auth-token`…; not `tokenKind`), a secret, a password, a signature, an authorization
 * header. Audit events carry none of these; should one ever appear, it is blanked here.
 */
const SECRET_FIELD = /(^|[a-z_-])token$|secret|passw(or)?d|signature|authorization/i;

/**
 * A value that carries a token or a key, blanked wherever it appears: base64 of a JSON object
 * (`eyJ…`, how every JWT, JWS and JWE begins) or a PEM block.
 */
const SECRET_VALUE = /eyJ[\w+/=-]{10,}|-----BEGIN [A-Z ]+-----/;

/** A log stream name may not hold `:` or `*`, and is at most 512 characters. */
function streamNameOf(logGroup: string, logStream: string): string {
  return `${logGroup}/${logStream}`.replace(/[:*]/g, '_').slice(0, 512);
}

/** The records CloudWatch Logs hands a subscription's Lambda: base64 of gzipped JSON. */
export function decodeSubscriptionEvent(event: CloudWatchLogsEvent): CloudWatchLogsDecodedData {
  return JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as CloudWatchLogsDecodedData;
}

/** A copy of `value` with every secret-looking field or value replaced by {@link REDACTED}. */
function redact(value: unknown, count: { redacted: number }): unknown {
  if (typeof value === 'string') {
    if (!SECRET_VALUE.test(value)) return value;
    count.redacted++;
    return REDACTED;
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, count));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => {
        if (SECRET_FIELD.test(key) && field !== null && field !== undefined && field !== '') {
          count.redacted++;
          return [key, REDACTED];
        }
        return [key, redact(field, count)];
      }),
    );
  }
  return value;
}

/** The log line as a JSON object with a string `audit` field, or undefined. */
function auditEventOf(message: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(message);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    return typeof (parsed as { audit?: unknown }).audit === 'string' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The audit events of a subscription batch: each log line that is a JSON object with a
 * string `audit` field (the subscription filter `{ $.audit = * }` lets little else through),
 * kept at its original time, unchanged unless a field had to be blanked. A control message
 * (CloudWatch Logs checking that the destination is reachable) holds none.
 */
export function auditEventsOf(data: CloudWatchLogsDecodedData): AuditBatchReport {
  if (data.messageType !== 'DATA_MESSAGE') return { batches: [], skipped: 0, redacted: 0 };
  const count = { redacted: 0 };
  const lines: AuditLine[] = [];
  let skipped = 0;
  for (const logEvent of data.logEvents) {
    const event = auditEventOf(logEvent.message);
    if (!event) {
      skipped++;
      continue;
    }
    const before = count.redacted;
    const clean = redact(event, count);
    const message = count.redacted === before ? logEvent.message.trim() : JSON.stringify(clean);
    lines.push({ timestamp: logEvent.timestamp, message });
  }
  const batches = lines.length > 0 ? [{ streamName: streamNameOf(data.logGroup, data.logStream), lines }] : [];
  return { batches, skipped, redacted: count.redacted };
}
