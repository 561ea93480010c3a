import { describe, expect, it } from 'vitest';
import { localInstanceCap } from './localInstanceCap.ts';

describe('localInstanceCap', () => {
  it.each([
    ['one per core when nothing is set', undefined, {}, 8, 8],
    ['at least two on one core', undefined, {}, 1, 2],
    ['the cores when the reserved concurrency is higher', { reservedConcurrency: 5 }, {}, 2, 2],
    ['the reserved concurrency when it is lower', { reservedConcurrency: 1 }, {}, 8, 1],
    ['functionConcurrency in place of the cores', {}, { functionConcurrency: 4 }, 2, 4],
    [
      'the lower of functionConcurrency and the reserved concurrency',
      { reservedConcurrency: 5 },
      { functionConcurrency: 10 },
      2,
      5,
    ],
    [
      'the default for a value that is not a positive integer',
      { reservedConcurrency: 0 },
      { functionConcurrency: 'x' },
      3,
      3,
    ],
  ])('takes %s', (_case, functionDefinition, options, cores, expected) => {
    // Prepare: the case's definition, options and cores

    // Act
    const cap = localInstanceCap(functionDefinition, options, cores);

    // Assess
    expect(cap).toBe(expected);
  });
});
