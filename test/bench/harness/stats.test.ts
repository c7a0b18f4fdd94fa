import { describe, expect, it } from '@jest/globals';
import { median, pairedRatios, quantile, summarize } from '../../../bench/harness/stats.js';

describe('benchmark statistics', () => {
  it('takes the middle sample, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('interpolates quantiles between ranks, whatever the order of the samples', () => {
    const samples = Array.from({ length: 101 }, (_, i) => 100 - i); // 0…100, reversed
    expect(quantile(samples, 0.99)).toBe(99);
    expect(quantile([10, 20], 0.25)).toBe(12.5);
    expect(quantile([7], 0.99)).toBe(7);
  });

  it('summarises the middle, the tail and the spread', () => {
    expect(summarize([1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual({ count: 9, median: 5, p99: 8.92, min: 1, max: 9, q1: 3, q3: 7 });
  });

  it('refuses what has no answer', () => {
    expect(() => summarize([])).toThrow(/No samples/);
    expect(() => quantile([1], 1.5)).toThrow(/between 0 and 1/);
    expect(() => pairedRatios([1, 2], [1])).toThrow(/differ in length/);
  });

  it('divides side-by-side measurements pairwise', () => {
    expect(pairedRatios([2, 3, 8], [1, 2, 4])).toEqual([2, 1.5, 2]);
  });
});
