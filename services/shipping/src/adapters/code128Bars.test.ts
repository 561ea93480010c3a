import bwipjs from 'bwip-js';
import { describe, expect, it } from 'vitest';
import { type Bar, code128Bars } from './code128Bars.ts';

/** The bars as bwip-js's encoder gives them: alternating bar and space widths, bar first. */
const barsFromEncoder = (text: string): Bar[] => {
  const [symbol] = bwipjs.raw('code128', text, {}) as { sbs: number[] }[];
  const bars: Bar[] = [];
  let x = 0;
  (symbol?.sbs ?? []).forEach((width, index) => {
    if (index % 2 === 0) bars.push({ x, width });
    x += width;
  });
  return bars;
};

describe('code128Bars', () => {
  it.each(['BC345678909GB', '1Z8W72K41112345670', 'JD014600003828372891'])(
    'places every bar of %s where the encoder puts it',
    (text) => {
      // Prepare
      const expected = barsFromEncoder(text);

      // Act
      const { modules, bars } = code128Bars(text);

      // Assess
      expect(expected.length).toBeGreaterThan(20);
      expect(bars).toEqual(expected);
      const last = expected.at(-1);
      expect(modules).toBe((last?.x ?? 0) + (last?.width ?? 0));
    },
  );

  it('ends the symbol with the stop pattern, bars and spaces 2 3 3 1 1 1 2', () => {
    // Prepare
    const text = 'BC345678909GB';

    // Act
    const { bars } = code128Bars(text);

    // Assess
    const stop = bars.slice(-4);
    const spaces = stop.slice(1).map((bar, index) => {
      const before = stop[index];
      return bar.x - ((before?.x ?? 0) + (before?.width ?? 0));
    });
    expect(stop.map((bar) => bar.width)).toEqual([2, 3, 1, 2]);
    expect(spaces).toEqual([3, 1, 1]);
  });
});
