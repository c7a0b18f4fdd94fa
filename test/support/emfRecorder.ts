import { RequestTelemetry } from '../../lambda/metrics/RequestTelemetry.js';

/** One metric as CloudWatch would extract it from an EMF document. */
export interface EmittedMetric {
  namespace: string;
  name: string;
  unit: string;
  value: number;
  /** The dimension set's names with their values; `{}` for a metric without dimensions. */
  dimensions: Record<string, string>;
}

interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  [key: string]: unknown;
}

/**
 * Reads an EMF line as CloudWatch does (the embedded metric format specification): each
 * metric of each directive, once per dimension set and value, with the values the
 * document's root holds for the set's names. Throws on what CloudWatch would reject or ignore.
 */
export function parseEmf(line: string): EmittedMetric[] {
  const document = JSON.parse(line) as EmfDocument;
  if (typeof document._aws?.Timestamp !== 'number') throw new Error(`no _aws.Timestamp in ${line}`);
  return document._aws.CloudWatchMetrics.flatMap((directive) =>
    directive.Dimensions.flatMap((set) =>
      directive.Metrics.flatMap(({ Name, Unit }) => {
        const value = document[Name];
        // An array of values is that many samples, as that many documents would be.
        const values = Array.isArray(value) ? value : [value];
        if (values.length === 0 || values.some((one) => typeof one !== 'number'))
          throw new Error(`metric ${Name} has no number in ${line}`);
        const dimensions = Object.fromEntries(
          set.map((name) => {
            const dimensionValue = document[name];
            if (typeof dimensionValue !== 'string') throw new Error(`dimension ${name} has no string value in ${line}`);
            return [name, dimensionValue];
          }),
        );
        return (values as number[]).map((one) => ({ namespace: directive.Namespace, name: Name, unit: Unit, value: one, dimensions }));
      }),
    ),
  );
}

export interface MetricsRecorder {
  metrics: RequestTelemetry;
  /** Every line written that carries metrics, oldest first. */
  lines: string[];
  /** Every metric those lines carry, parsed. */
  emitted(): EmittedMetric[];
  /** `name` → dimensions and values, the shortest way to assert what a request counted. */
  named(name: string): { dimensions: Record<string, string>; value: number }[];
  clear(): void;
}

/**
 * The production metrics (EMF), writing their lines here instead of stdout: outside a
 * request, each measurement is a document of its own at once; `lines` may be shared with
 * the request log, whose lines carry the metrics of a request (only those with `_aws` count).
 */
export function recordingMetrics(lines: string[] = [], metrics = new RequestTelemetry((line) => lines.push(line))): MetricsRecorder {
  const emitted = () => lines.filter((line) => line.includes('"_aws"')).flatMap(parseEmf);
  return {
    metrics,
    lines,
    emitted,
    named: (name) =>
      emitted()
        .filter((metric) => metric.name === name)
        .map(({ dimensions, value }) => ({ dimensions, value })),
    clear: () => void lines.splice(0),
  };
}
