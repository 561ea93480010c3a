// Reproducible randomness for property-style tests: a failing seed can be replayed exactly.
// Unit tests import it as `@conveyor/service-testing/seededShuffle`: the package's index also
// loads the local cloud and the AWS SDK, seconds a pure unit test need not spend.

/**
 * mulberry32: a small, well-distributed 32-bit PRNG. Returns a function giving numbers in
 * [0, 1), the same sequence for the same seed.
 *
 * @example
 * ```ts
 * const random = seededRandom(20_260_301);
 * const deliveries = shuffled(events, random); // the same order on every run
 * ```
 */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/**
 * A Fisher–Yates shuffle of a copy of `items`, drawing from `random` (such as
 * {@link seededRandom}); `items` is left as it is.
 *
 * @example
 * ```ts
 * shuffled(['a', 'b', 'c'], seededRandom(7)); // one ordering of a, b, c; the same each run
 * ```
 */
export const shuffled = <T>(items: readonly T[], random: () => number): T[] => {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
};

/**
 * Every ordering of `items`, n! of them: keep n small.
 *
 * @example
 * ```ts
 * permutations([1, 2, 3]); // [[1, 2, 3], [1, 3, 2], [2, 1, 3], [2, 3, 1], [3, 1, 2], [3, 2, 1]]
 * ```
 */
export const permutations = <T>(items: readonly T[]): T[][] => {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [
      item,
      ...rest,
    ]),
  );
};
