// Characters a POSIX shell takes literally in a word.
const plainWord = /^[\w@%+=:,./-]+$/;

/**
 * A text as one word of a POSIX shell command line, quoted only when it needs to be, for
 * commands printed for someone to copy.
 *
 * @example
 * ```ts
 * shellQuoted('/tmp/logs'); // /tmp/logs
 * shellQuoted("/tmp/Bob's logs"); // '/tmp/Bob'\''s logs'
 * ```
 */
export const shellQuoted = (text: string): string =>
  plainWord.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
