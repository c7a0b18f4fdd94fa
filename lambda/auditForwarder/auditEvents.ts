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

const isAuditEvent = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { audit?: unknown }).audit === 'string';

/**
 * The audit events a log line holds: those of a request's line (a JSON object with a string
 * `audit` field and its events under `auditEvents`: the metrics and the log's own fields
 * beside them stay behind), or the line itself when it is an event (one written outside a
 * request, or by a function of the version before); none for anything else.
 */
export function auditEventsOfLine(message: string): { event: Record<string, unknown>; whole: boolean }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return [];
  }
  if (!isAuditEvent(parsed)) return [];
  const { auditEvents } = parsed as { auditEvents?: unknown };
  if (auditEvents === undefined) return [{ event: parsed, whole: true }];
  return Array.isArray(auditEvents) ? auditEvents.filter(isAuditEvent).map((event) => ({ event, whole: false })) : [];
}

/**
 * The audit events of a subscription batch: those of each log line that is a JSON object with
 * a string `audit` field (the subscription filter `{ $.audit = * }` lets little else through),
 * each kept at its line's time, unchanged unless a field had to be blanked. A control message
 * (CloudWatch Logs checking that the destination is reachable) holds none.
 */
export function auditEventsOf(data: CloudWatchLogsDecodedData): AuditBatchReport {
  if (data.messageType !== 'DATA_MESSAGE') return { batches: [], skipped: 0, redacted: 0 };
  const count = { redacted: 0 };
  const lines: AuditLine[] = [];
  let skipped = 0;
  for (const logEvent of data.logEvents) {
    const events = auditEventsOfLine(logEvent.message);
    if (events.length === 0) skipped++;
    for (const { event, whole } of events) {
      const before = count.redacted;
      const clean = redact(event, count);
      // An event line as written, byte for byte, unless a field had to be blanked.
      const message = whole && count.redacted === before ? logEvent.message.trim() : JSON.stringify(clean);
      lines.push({ timestamp: logEvent.timestamp, message });
    }
  }
  const batches = lines.length > 0 ? [{ streamName: streamNameOf(data.logGroup, data.logStream), lines }] : [];
  return { batches, skipped, redacted: count.redacted };
}
