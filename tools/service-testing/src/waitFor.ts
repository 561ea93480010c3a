import { describeInitFailure, reportedInitFailure } from './initFailures.ts';
import { patience } from './patience.ts';

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this long; default {@link patience.outcome}. A safety net, not a budget. */
  readonly timeoutMs?: number;
  /** Pause between attempts; default 250 ms. */
  readonly intervalMs?: number;
  /** What is awaited, for the timeout message. */
  readonly description: string;
}

const deadlinePassed = Symbol('deadline passed');

const describeError = (error: unknown): string =>
  error instanceof Error ? error.message : JSON.stringify(error);

/**
 * Polls `probe` until it returns something other than `undefined`, and returns that. Every wait
 * in the tests is bounded: on timeout it throws, naming what it waited for and the last error,
 * also when the last probe itself never finished. It stops at once, naming the function and its
 * error, when a function of a service the run started has failed its init (see
 * {@link reportedInitFailure}).
 *
 * @example
 * ```ts
 * const order = await waitFor(async () => { const o = await getOrder(id); return o.status === 'CONFIRMED' ? o : undefined; }, { description: 'order CONFIRMED' });
 * ```
 */
export const waitFor = async <T>(
  probe: () => Promise<T | undefined>,
  options: WaitForOptions,
): Promise<T> => {
  const timeoutMs = options.timeoutMs ?? patience.outcome;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  const timedOut = (hung: boolean): Error => {
    const last = lastError === undefined ? '' : ` (last error: ${describeError(lastError)})`;
    const still = hung ? ' (the last attempt had not finished)' : '';
    return new Error(
      `Timed out after ${timeoutMs} ms waiting for ${options.description}${last}${still}`,
    );
  };
  for (;;) {
    // A probe that hangs must not outlive the deadline, or the timeout would never be reported.
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<typeof deadlinePassed>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), deadlinePassed);
    });
    let outcome: T | undefined | typeof deadlinePassed;
    try {
      outcome = await Promise.race([probe(), expired]);
    } catch (error) {
      lastError = error;
    } finally {
      clearTimeout(timer);
    }
    if (outcome === deadlinePassed) throw timedOut(true);
    if (outcome !== undefined) return outcome;
    // A function that cannot load never brings the awaited state about: say so now, rather
    // than at the deadline with nothing but a timeout.
    const initFailure = await reportedInitFailure();
    if (initFailure !== undefined) {
      throw new Error(
        `Stopped waiting for ${options.description}: ${describeInitFailure(initFailure)}`,
      );
    }
    if (Date.now() >= deadline) throw timedOut(false);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
};

/**
 * Resolves after `ms` milliseconds. Not for tests: a test waits for a condition
 * ({@link waitFor}), never for time to pass.
 */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
