import { describe, expect, it } from 'vitest';
import { permutations, seededRandom, shuffled } from './seededShuffle.ts';

const draw = (random: () => number, count: number): number[] =>
  Array.from({ length: count }, () => random());

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, in [0, 1)', () => {
    // Act
    const first = draw(seededRandom(42), 1_000);
    const again = draw(seededRandom(42), 1_000);

    // Assess
    expect(again).toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    // Spread over the range, not stuck in a corner of it.
    expect(Math.min(...first)).toBeLessThan(0.05);
    expect(Math.max(...first)).toBeGreaterThan(0.95);
  });

  it('gives another sequence for another seed', () => {
    // Act
    const one = draw(seededRandom(1), 20);
    const other = draw(seededRandom(2), 20);

    // Assess
    expect(other).not.toEqual(one);
  });
});

describe('shuffled', () => {
  it('returns a reordered copy with the same items and leaves the input as it was', () => {
    // Prepare
    const items = Array.from({ length: 30 }, (_, index) => index);
    const before = [...items];

    // Act
    const result = shuffled(items, seededRandom(7));

    // Assess
    expect(items).toEqual(before);
    expect(result).not.toBe(items);
    expect(result).not.toEqual(items);
    expect([...result].sort((a, b) => a - b)).toEqual(items);
  });

  it('is reproducible from the seed', () => {
    // Prepare
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];

    // Act
    const first = shuffled(items, seededRandom(99));
    const again = shuffled(items, seededRandom(99));

    // Assess
    expect(again).toEqual(first);
  });
});

describe('permutations', () => {
  it('lists every ordering once', () => {
    // Act
    const orderings = permutations(['a', 'b', 'c']);

    // Assess
    expect(orderings).toEqual([
      ['a', 'b', 'c'],
      ['a', 'c', 'b'],
      ['b', 'a', 'c'],
      ['b', 'c', 'a'],
      ['c', 'a', 'b'],
      ['c', 'b', 'a'],
    ]);
  });

  it('gives n! orderings, and one of none or one item', () => {
    // Act
    const ofFour = permutations([1, 2, 3, 4]);
    const ofOne = permutations([1]);
    const ofNone = permutations([]);

    // Assess
    expect(new Set(ofFour.map((ordering) => ordering.join())).size).toBe(24);
    expect(ofOne).toEqual([[1]]);
    expect(ofNone).toEqual([[]]);
  });
});
