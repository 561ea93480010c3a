// The one encoder, not bwip-js's default export: that one holds every symbology (960 kB in a
// bundle against 130 kB).
import { code128, type DrawingContext } from 'bwip-js';

/** One bar of a barcode, in modules (the narrowest bar's width) from the symbol's left edge. */
export interface Bar {
  readonly x: number;
  readonly width: number;
}

/** A linear barcode as bars, for a renderer that draws them as vectors. */
export interface BarcodeBars {
  /** The symbol's width in modules, quiet zones excluded. */
  readonly modules: number;
  readonly bars: readonly Bar[];
}

/**
 * bwip-js draws through any drawing context, and this one only records the bars. Its built-in
 * drawing made a PNG, which pdfkit then decoded and compressed again: 9–10 of the label's 12 ms
 * of CPU.
 */
const barsRecorder = (): DrawingContext<BarcodeBars> => {
  const bars: Bar[] = [];
  let modules = 0;
  const unexpected = (primitive: string) => () => {
    throw new Error(`Code 128 drew a ${primitive}; only bars were expected`);
  };
  return {
    scale: () => null,
    measure: unexpected('text'),
    init: (width) => {
      modules = width;
    },
    // At scale 1 a vertical line of width `lw` at `x` covers [x - ceil(lw / 2), x + floor(lw / 2)],
    // as bwip-js's own drawings place it.
    line: (x0, _y0, x1, _y1, lw) => {
      if (x0 !== x1) unexpected('horizontal line')();
      bars.push({ x: x0 - Math.ceil(lw / 2), width: lw });
    },
    polygon: unexpected('polygon'),
    hexagon: unexpected('hexagon'),
    ellipse: unexpected('ellipse'),
    fill: unexpected('fill'),
    text: unexpected('text'),
    end: () => ({ modules, bars }),
  };
};

/**
 * The bars of a Code 128 symbol encoding `text`, in modules.
 *
 * @example
 * const { modules, bars } = code128Bars('BC345678909GB');
 * for (const bar of bars) doc.rect(left + bar.x * moduleWidth, top, bar.width * moduleWidth, height);
 */
export const code128Bars = (text: string): BarcodeBars =>
  code128({ bcid: 'code128', text, scale: 1, height: 1 }, barsRecorder());
