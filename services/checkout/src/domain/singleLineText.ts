import * as z from 'zod/mini';

// Control characters (C0 and C1, line breaks and tabs among them), the Unicode line and paragraph
// separators, and the bidirectional controls: none belongs in a name, an address line or an id.
// Each would reach the mails, the label and the logs as sent: a separator breaks an address
// block into lines the customer never wrote, and an override shows text reversed (spoofing).
/** One character {@link singleLineText} refuses with {@link CONTROL_CHARACTER_MESSAGE}. */
export const CONTROL_CHARACTER =
  /[\p{Cc}\p{Zl}\p{Zp}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

// Something that shows: a text of spaces, zero-width and other format characters prints as
// nothing ("Hi ,"). An empty one is left to the minimum length's message.
const SOMETHING_VISIBLE = /^$|[^\p{Z}\p{Cf}\s]/u;

/** What a request answers for a field with a control character in it. */
export const CONTROL_CHARACTER_MESSAGE =
  'must not contain control characters (line breaks, tabs, line separators, bidirectional controls)';

/**
 * A trimmed text of at most `max` characters on one line, with something visible in it: no
 * control characters, line separators or bidirectional controls.
 *
 * @example
 * ```ts
 * const nameSchema = singleLineText(200);
 * ```
 */
export const singleLineText = (max: number) =>
  z.string('must be text').check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(max, `must be at most ${String(max)} characters`),
    z.refine((text) => !CONTROL_CHARACTER.test(text), CONTROL_CHARACTER_MESSAGE),
    z.regex(SOMETHING_VISIBLE, 'must not be empty (it holds only spaces or invisible characters)'),
  );
