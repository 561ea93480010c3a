import * as z from 'zod/mini';
import { singleLineText } from './singleLineText.ts';

// The characters outside Latin-1 that Windows-1252 adds, which the label's standard PDF fonts
// (WinAnsiEncoding, as pdfkit writes them) also print: € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™
// š › œ ž Ÿ.
const WINDOWS_1252_EXTRAS = new Set(
  [
    0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
    0x017d, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
    0x0153, 0x017e, 0x0178,
  ].map((codePoint) => String.fromCodePoint(codePoint)),
);

const isPrintable = (character: string): boolean => {
  const codePoint = character.codePointAt(0) ?? 0;
  return (
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0xff) ||
    WINDOWS_1252_EXTRAS.has(character)
  );
};

// What singleLineText refuses with its own message: not said twice.
const CONTROL_CHARACTER = /[\p{Cc}\p{Zl}\p{Zp}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** The characters of `text` the shipping label cannot print, each once, in order. */
export const unprintableOnLabel = (text: string): string[] => {
  const found = new Set<string>();
  for (const character of text) {
    if (!isPrintable(character) && !CONTROL_CHARACTER.test(character)) found.add(character);
  }
  return [...found];
};

const shownAtMost = 5;

/**
 * A {@link singleLineText} that also holds only characters the shipping label prints: the label
 * (shipping's `pdfLabel`) uses the standard PDF fonts, which print Latin-1 and the few more
 * letters and signs of Windows-1252 (Western European text), and would print anything else as
 * the wrong glyphs. Refused here, the customer can write the address in Latin letters, as carriers
 * ask of international parcels anyway.
 *
 * @example
 * ```ts
 * const cityText = labelPrintableText(100);
 * ```
 */
export const labelPrintableText = (max: number) =>
  singleLineText(max).check(
    z.superRefine((text, context) => {
      const unprintable = unprintableOnLabel(text);
      if (unprintable.length === 0) return;
      const shown = unprintable
        .slice(0, shownAtMost)
        .map((character) => JSON.stringify(character))
        .join(', ');
      const more =
        unprintable.length > shownAtMost
          ? ` and ${String(unprintable.length - shownAtMost)} more`
          : '';
      context.addIssue({
        code: 'custom',
        input: text,
        message: `has characters the shipping label cannot print: ${shown}${more}; write it in Latin letters (Western European characters print)`,
      });
    }),
  );
