import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

/**
 * The functions' other log lines (refusals, errors) as Powertools writes them, less what every
 * line of a function's log group would repeat and CloudWatch already keeps: the ISO
 * `timestamp` (each log event has its own, and a request's line its `_aws.Timestamp` in ms),
 * the `service` (one per log group) and `sampling_rate` (always 0). CloudWatch Logs bills
 * every byte it ingests. The request's own line has the same shape (RequestTelemetry writes it).
 */
export class CompactLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    return new LogItem({
      attributes: { level: attributes.logLevel, message: attributes.message, xray_trace_id: attributes.xRayTraceId },
    }).addAttributes(additionalLogAttributes);
  }
}
