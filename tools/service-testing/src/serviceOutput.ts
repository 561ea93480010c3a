import { boundedFetch } from './boundedFetch.ts';

/** The whole output of a service under serverless-offline, as `serveText` serves it. */
export const readServiceOutput = async (url: string): Promise<string> =>
  (await boundedFetch(url)).text();

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
