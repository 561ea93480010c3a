import { describe, expect, it } from 'vitest';
import { percentiles } from './percentiles.ts';

describe('percentiles', () => {
  it('takes the nearest rank, so each figure is a measured value', () => {
    // Prepare
    const sample = Array.from({ length: 100 }, (_, index) => 100 - index);

    // Act
    const result = percentiles(sample);

    // Assess
    expect(result).toEqual({ count: 100, min: 1, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('gives the single value of a one-element sample for every percentile', () => {
    // Act
    const result = percentiles([42]);

    // Assess
    expect(result).toEqual({ count: 1, min: 42, p50: 42, p95: 42, p99: 42, max: 42 });
  });

  it('rounds a rank up between elements', () => {
    // Act
    const result = percentiles([10, 20, 30]);

    // Assess
    expect([result.p50, result.p95, result.p99]).toEqual([20, 30, 30]);
  });

  it('refuses an empty sample', () => {
    // Act
    const act = () => percentiles([]);

    // Assess
    expect(act).toThrow('empty sample');
  });
});
