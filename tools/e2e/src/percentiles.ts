/** The p50, p95 and p99 of a sample, plus its count, minimum and maximum. */
export interface Percentiles {
  readonly count: number;
  readonly min: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * Nearest-rank percentiles (the smallest value with at least p% of the sample at or below it),
 * so every figure is a value that was really measured. Throws on an empty sample.
 */
export const percentiles = (sample: readonly number[]): Percentiles => {
  if (sample.length === 0) throw new Error('percentiles of an empty sample');
  const sorted = sample.toSorted((a, b) => a - b);
  const rank = (p: number): number =>
    sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] ?? NaN;
  return {
    count: sorted.length,
    min: sorted[0] ?? NaN,
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    max: sorted.at(-1) ?? NaN,
  };
};
