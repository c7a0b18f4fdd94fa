import { METRICS_NAMESPACE } from './metricNames.js';

/** One value of a metric, with its unit and its dimensions (name → value; none: `{}`). */
export interface Measurement {
  name: string;
  unit: 'Count' | 'Milliseconds';
  value: number;
  dimensions: Readonly<Record<string, string>>;
}

/** The embedded metric format's limits on one directive (the EMF specification). */
export const EMF_LIMITS = { metricsPerDirective: 100, dimensionsPerSet: 30 } as const;

interface Directive {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: string }[];
}

/** What one JSON object holds of some measurements, and those it cannot hold beside them. */
export interface EmfMembers {
  /** `_aws` and the dimension values and metric values, as top-level members of one object. */
  members: Record<string, unknown>;
  /** Measurements whose dimension (or metric) already holds another value in `members`. */
  left: Measurement[];
}

/**
 * The members that make a JSON object an EMF document of `measurements`: one directive per
 * set of dimension names (EMF publishes every metric of a directive under each of its
 * dimension sets, so metrics with different sets need directives of their own), dimension
 * values and metric values beside `_aws`. A metric measured again with the same dimension
 * values gets an array of values, which CloudWatch reads as that many samples, as separate
 * documents would give. An object holds one value per name: a measurement that needs another
 * value of a dimension already there (two token decisions, a StoreError and a KmsError of
 * different kinds) is left for a document of its own. Hand-written, because Powertools
 * Metrics writes one directive per document, with one dimension set for all its metrics;
 * test/lambda/metrics/emfMembers.test.ts holds every line to the specification.
 */
export function emfMembers(measurements: readonly Measurement[], timestamp: number): EmfMembers {
  const values: Record<string, string | number | number[]> = {};
  const directives = new Map<string, Directive>();
  /** Each metric placed, by name: the dimension values it was placed with. */
  const placed = new Map<string, string>();
  const left: Measurement[] = [];
  for (const measurement of measurements) {
    const { name, unit, value, dimensions } = measurement;
    const names = Object.keys(dimensions);
    const signature = JSON.stringify(dimensions);
    const already = placed.get(name);
    if (already !== undefined) {
      if (already !== signature) left.push(measurement);
      else {
        const previous = values[name] as number | number[];
        values[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
      }
      continue;
    }
    if (name in values || names.some((dimension) => dimension in values && values[dimension] !== dimensions[dimension])) {
      left.push(measurement);
      continue;
    }
    const setKey = names.join('\u0000');
    let directive = directives.get(setKey);
    if (directive?.Metrics.length === EMF_LIMITS.metricsPerDirective) {
      left.push(measurement);
      continue;
    }
    if (!directive) {
      directive = { Namespace: METRICS_NAMESPACE, Dimensions: [names], Metrics: [] };
      directives.set(setKey, directive);
    }
    directive.Metrics.push({ Name: name, Unit: unit });
    Object.assign(values, dimensions);
    values[name] = value;
    placed.set(name, signature);
  }
  return { members: { _aws: { Timestamp: timestamp, CloudWatchMetrics: [...directives.values()] }, ...values }, left };
}

/** EMF documents holding all of `measurements`: as few as one value per name allows. */
export function emfDocuments(measurements: readonly Measurement[], timestamp: number): Record<string, unknown>[] {
  const documents: Record<string, unknown>[] = [];
  let rest = measurements;
  while (rest.length > 0) {
    const { members, left } = emfMembers(rest, timestamp);
    documents.push(members);
    rest = left;
  }
  return documents;
}
