import * as z from 'zod/mini';

// C0 and C1 control characters, line breaks and tabs among them: none belongs in a name, an
// address line or an id, and each would reach the mails, the label and the logs as sent.
const NO_CONTROL_CHARACTERS = /^\P{Cc}*$/u;

/** What a request answers for a field with a control character in it. */
export const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters (line breaks, tabs)';

/**
 * A trimmed, non-empty text of at most `max` characters on one line: no control characters.
 *
 * @example
 * ```ts
 * const nameSchema = singleLineText(200);
 * ```
 */
export const singleLineText = (max: number) =>
  z
    .string('must be text')
    .check(
      z.trim(),
      z.minLength(1, 'must not be empty'),
      z.maxLength(max, `must be at most ${String(max)} characters`),
      z.regex(NO_CONTROL_CHARACTERS, CONTROL_CHARACTER_MESSAGE),
    );
