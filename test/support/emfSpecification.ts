import { expect } from '@jest/globals';
import { EMF_LIMITS } from '../../lambda/metrics/emfMembers.js';
import { METRICS_NAMESPACE } from '../../lambda/metrics/metricNames.js';

/**
 * Every line that carries metrics is held to the embedded metric format's specification
 * (CloudWatch User Guide, "Specification: Embedded metric format"): a root `_aws` with a
 * `Timestamp` in epoch milliseconds and `CloudWatchMetrics` directives, each with a
 * `Namespace`, `Dimensions` (arrays of at most 30 names, each a top-level string member) and
 * `Metrics` (at most 100, each `Name` a top-level number or array of numbers, `Unit` one of
 * CloudWatch's units).
 */
export function expectValidEmf(line: string): void {
  const root = JSON.parse(line) as Record<string, unknown> & { _aws: { Timestamp: unknown; CloudWatchMetrics: unknown } };
  const { Timestamp, CloudWatchMetrics } = root._aws;
  expect(Number.isInteger(Timestamp)).toBe(true);
  // Milliseconds since the epoch: within a day of now (seconds would be 1970).
  expect(Math.abs((Timestamp as number) - Date.now())).toBeLessThan(86_400_000);
  expect(Array.isArray(CloudWatchMetrics)).toBe(true);
  for (const directive of CloudWatchMetrics as { Namespace: unknown; Dimensions: unknown; Metrics: unknown }[]) {
    expect(directive.Namespace).toBe(METRICS_NAMESPACE);
    expect(Array.isArray(directive.Dimensions)).toBe(true);
    const sets = directive.Dimensions as string[][];
    expect(sets.length).toBeGreaterThan(0);
    for (const set of sets) {
      expect(set.length).toBeLessThanOrEqual(EMF_LIMITS.dimensionsPerSet);
      for (const name of set) expect(typeof root[name]).toBe('string');
    }
    const metrics = directive.Metrics as { Name: unknown; Unit: unknown }[];
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.length).toBeLessThanOrEqual(EMF_LIMITS.metricsPerDirective);
    for (const { Name, Unit } of metrics) {
      const value = root[Name as string];
      const numbers = Array.isArray(value) ? value : [value];
      expect(numbers.length).toBeGreaterThan(0);
      expect(numbers.length).toBeLessThanOrEqual(100);
      for (const number of numbers) expect(typeof number === 'number' && Number.isFinite(number)).toBe(true);
      expect(['Count', 'Milliseconds']).toContain(Unit);
    }
  }
}
