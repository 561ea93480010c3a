/**
 * What `parseArgs` says of a command line, without Node's advice on positionals that start with a
 * dash: run through npm, its `-- "--bogus"` would be wrong, and its quotes are unbalanced.
 *
 * @example
 * ```ts
 * parseArgsErrorMessage(error); // "Unknown option '--bogus'."
 * ```
 */
export const parseArgsErrorMessage = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(
    /\. To specify a positional argument starting with a '-'.*$/s,
    '.',
  );
