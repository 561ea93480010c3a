// A RandomInt port that replays a fixed sequence, so tracking numbers are predictable in tests.
import type { RandomInt } from '../../src/domain/trackingNumber.ts';

/** Returns `values` in turn (each taken modulo the bound), cycling when it runs out. */
export const fixedRandom = (
  values: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0],
): RandomInt => {
  let next = 0;
  return (maxExclusive) => {
    const value = values[next % values.length] ?? 0;
    next += 1;
    return value % maxExclusive;
  };
};
