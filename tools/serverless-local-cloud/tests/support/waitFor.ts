import { setTimeout as sleep } from 'node:timers/promises';
import { patience } from './patience.ts';

/**
 * Polls `probe` until it returns a value (not undefined) or the deadline passes; then fails
 * with `what` and the last value seen, so a timeout says what was missing.
 */
export const waitFor = async <T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  {
    timeoutMs = patience.outcome,
    intervalMs = 100,
  }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(intervalMs);
  }
};
