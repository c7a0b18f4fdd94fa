/** Order statistics for benchmark samples: the middle, the tail, and how far runs spread. */

export interface Summary {
  count: number;
  median: number;
  p99: number;
  min: number;
  max: number;
  /** First and third quartiles: half of the samples lie between them. */
  q1: number;
  q3: number;
}

function sorted(samples: readonly number[]): number[] {
  if (samples.length === 0) throw new Error('No samples to summarise');
  return [...samples].sort((a, b) => a - b);
}

/**
 * The value below which a fraction `p` (0–1) of the samples lie, interpolated linearly
 * between the two nearest ranks (the definition spreadsheets and numpy use by default).
 */
function quantileOfSorted(values: readonly number[], p: number): number {
  const rank = (values.length - 1) * p;
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  return values[below]! + (values[above]! - values[below]!) * (rank - below);
}

export function quantile(samples: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`A quantile lies between 0 and 1; got ${p}`);
  return quantileOfSorted(sorted(samples), p);
}

export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

export function summarize(samples: readonly number[]): Summary {
  const values = sorted(samples);
  return {
    count: values.length,
    median: quantileOfSorted(values, 0.5),
    p99: quantileOfSorted(values, 0.99),
    min: values[0]!,
    max: values[values.length - 1]!,
    q1: quantileOfSorted(values, 0.25),
    q3: quantileOfSorted(values, 0.75),
  };
}

/** Element-wise ratios of two series measured side by side (`a[i]` beside `b[i]`). */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`Paired series differ in length: ${a.length} and ${b.length}`);
  return a.map((value, i) => value / b[i]!);
}
