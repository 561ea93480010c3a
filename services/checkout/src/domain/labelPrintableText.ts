import { unprintableOnLabel } from '@conveyor/event-types';
import * as z from 'zod/mini';
import { CONTROL_CHARACTER, singleLineText } from './singleLineText.ts';

const shownAtMost = 5;

// `"渡" (U+6E21)`: the code point names a character that does not show, such as a lone accent.
const shown = (character: string): string =>
  `${JSON.stringify(character)} (U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`;

/**
 * A {@link singleLineText}, in composed form (NFC: an accent typed as a separate mark joins its
 * letter), that a shipping label can print: Western European text, and any other Latin letter,
 * which the label prints without its accents (`toLabelText` of `@conveyor/event-types`). Text
 * with no Latin form (Greek, Cyrillic, CJK, emoji) is refused, naming its characters: the
 * customer writes the address in Latin letters, as international labels need anyway.
 *
 * @example
 * ```ts
 * const cityText = labelPrintableText(100);
 * ```
 */
export const labelPrintableText = (max: number) =>
  singleLineText(max).check(
    z.normalize('NFC'),
    z.superRefine((text, context) => {
      // A control character has singleLineText's own message: not said twice.
      const unprintable = unprintableOnLabel(text).filter(
        (character) => !CONTROL_CHARACTER.test(character),
      );
      if (unprintable.length === 0) return;
      const more =
        unprintable.length > shownAtMost
          ? ` and ${String(unprintable.length - shownAtMost)} more`
          : '';
      context.addIssue({
        code: 'custom',
        input: text,
        message: `has characters the shipping label cannot print: ${unprintable.slice(0, shownAtMost).map(shown).join(', ')}${more}; write the address in Latin letters`,
      });
    }),
  );
