// The benches' and drills' own command lines: node's parseArgs throws a TypeError with a stack
// for an unknown option or a missing value; an operator should get one line and the usage.

const isParseArgsError = (error: unknown): error is Error =>
  error instanceof TypeError &&
  'code' in error &&
  typeof error.code === 'string' &&
  error.code.startsWith('ERR_PARSE_ARGS_');

/**
 * Runs `parse` (a `parseArgs` call). On a command line it rejects, prints the reason and `usage`
 * and exits with 2, as the project's other tools do; with `--help`, prints `usage` and exits 0.
 *
 * @example
 * ```ts
 * const { values } = parseOrExit(
 *   () => parseArgs({ options: { keep: { type: 'boolean' }, help: { type: 'boolean' } } }),
 *   usage,
 * );
 * ```
 */
export const parseOrExit = <T extends { readonly values: { readonly help?: boolean | undefined } }>(
  parse: () => T,
  usage: string,
): T => {
  let parsed: T;
  try {
    parsed = parse();
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    console.error(`${error.message}\n\n${usage}`);
    process.exit(2);
  }
  if (parsed.values.help === true) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
};

/**
 * The whole number from 1 to `max` that the option `--name` was given as `text`; otherwise prints
 * which values it takes and `usage`, and exits with 2.
 *
 * @example
 * ```ts
 * const orders = wholeNumberOrExit(values.orders, 'orders', 1_000, usage);
 * ```
 */
export const wholeNumberOrExit = (
  text: string,
  name: string,
  max: number,
  usage: string,
): number => {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < 1 || value > max) {
    console.error(`--${name} must be a whole number from 1 to ${String(max)}\n\n${usage}`);
    process.exit(2);
  }
  return value;
};
