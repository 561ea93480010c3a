import { boundedFetch } from './boundedFetch.ts';

/** The whole output of a service under serverless-offline, as `serveText` serves it. */
export const readServiceOutput = async (url: string): Promise<string> =>
  (await boundedFetch(url)).text();

/**
 * The structured (Powertools JSON) log lines in a service's output, in order. A line may carry a
 * prefix before its JSON; lines that hold none (serverless offline's own) are left out.
 *
 * @example
 * ```ts
 * const handled = jsonLogLines(output).filter((line) => line['message'] === 'Event handled');
 * ```
 */
export const jsonLogLines = (output: string): Record<string, unknown>[] =>
  output.split('\n').flatMap((line) => {
    const start = line.indexOf('{');
    if (start < 0) return [];
    try {
      const parsed = JSON.parse(line.slice(start)) as Record<string, unknown> | null;
      return typeof parsed === 'object' && parsed !== null ? [parsed] : [];
    } catch {
      return [];
    }
  });

/**
 * A service's structured log lines so far, read from its served output (`serveText`).
 *
 * @example
 * ```ts
 * const placed = (await readServiceLogs(inject('checkoutOutputUrl'))).filter(
 *   (line) => line['message'] === 'Order placed',
 * );
 * ```
 */
export const readServiceLogs = async (url: string): Promise<Record<string, unknown>[]> =>
  jsonLogLines(await readServiceOutput(url));

/**
 * Marks a service's served output now; `since()` returns only what the service wrote after the
 * mark. The output is the whole run's, so a test that counts lines reads only its own.
 *
 * @example
 * ```ts
 * const output = await markServiceOutput(inject('shippingOutputUrl'));
 * // … make the handler time out …
 * expect(stoppedWorkers(await output.since(), 'onInventoryReserved')).toBeGreaterThanOrEqual(3);
 * ```
 */
export const markServiceOutput = async (url: string): Promise<{ since: () => Promise<string> }> => {
  // The output only grows, so its length now is where this mark starts.
  const start = (await readServiceOutput(url)).length;
  return { since: async () => (await readServiceOutput(url)).slice(start) };
};

/** How many workers of `functionName` serverless-offline stopped past their timeout in `output`. */
export const stoppedWorkers = (output: string, functionName: string): number =>
  output.match(
    new RegExp(
      `\\(λ: ${functionName}\\) RequestId: \\S+ +timed out after \\d+ ms; its worker thread was stopped`,
      'g',
    ),
  )?.length ?? 0;
