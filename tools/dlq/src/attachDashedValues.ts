/**
 * Joins each of `options` to a next argument that starts with a dash and a digit (`--max -1`
 * becomes `--max=-1`). `parseArgs` takes such a value for an option and calls it ambiguous, with
 * advice that npm's `--` makes wrong; joined, the value reaches the option's own check, which
 * says what the option takes.
 *
 * @example
 * ```ts
 * attachDashedValues(['peek', 'x', '--max', '-1'], ['--max']); // ['peek', 'x', '--max=-1']
 * ```
 */
export const attachDashedValues = (
  argv: readonly string[],
  options: readonly string[],
): string[] => {
  const args: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    const next = argv[index + 1];
    if (options.includes(arg) && next !== undefined && /^-\d/.test(next)) {
      args.push(`${arg}=${next}`);
      index += 1;
    } else {
      args.push(arg);
    }
  }
  return args;
};
