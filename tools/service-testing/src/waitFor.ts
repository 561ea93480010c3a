/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this long; default 30 s. */
  readonly timeoutMs?: number;
  /** Pause between attempts; default 250 ms. */
  readonly intervalMs?: number;
  /** What is awaited, for the timeout message. */
  readonly description: string;
}

/**
 * Polls `probe` until it returns something other than `undefined`, and returns that. Every wait
 * in the tests is bounded: on timeout it throws, naming what it waited for and the last value.
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
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const suffix =
        lastError === undefined
          ? ''
          : ` (last error: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)})`;
      throw new Error(
        `Timed out after ${options.timeoutMs ?? 30_000} ms waiting for ${options.description}${suffix}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
};

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
