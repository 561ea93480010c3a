import { setTimeout as sleep } from 'node:timers/promises';

/** Options of `untilAnswered`. */
export interface UntilAnsweredOptions {
  /** How long to keep trying; past it, the last error is thrown. */
  readonly patienceMs: number;
  /** The pause between tries. */
  readonly pauseMs: number;
  /**
   * What is called, as a reader would name it ("checkout"). With it, a call that is still failing
   * when patience is spent throws "<what> did not answer for N s", the last error as its cause.
   */
  readonly what?: string;
  /** Told of the first failure, once, so a restart shows as one line. */
  readonly onFirstFailure?: (error: unknown) => void;
  /** The clock (tests). */
  readonly now?: () => number;
  /** The pause (tests). */
  readonly pause?: (ms: number) => Promise<unknown>;
}

/**
 * Calls `call` until it answers. npm start's supervisor restarts a part that died within
 * seconds, and its port refuses connections meanwhile: a bench that waits loses only the counts
 * of the window the restart fell in, not the whole run.
 */
export const untilAnswered = async <T>(
  call: () => Promise<T>,
  options: UntilAnsweredOptions,
): Promise<T> => {
  const now = options.now ?? Date.now;
  const pause = options.pause ?? sleep;
  const giveUpAt = now() + options.patienceMs;
  for (let tries = 1; ; tries += 1) {
    try {
      return await call();
    } catch (error) {
      if (tries === 1) options.onFirstFailure?.(error);
      if (now() >= giveUpAt) {
        if (options.what === undefined) throw error;
        const seconds = Math.round(options.patienceMs / 1000);
        throw new Error(`${options.what} did not answer for ${String(seconds)} s`, {
          cause: error,
        });
      }
      await pause(options.pauseMs);
    }
  }
};

/** An error's message with its causes' (fetch says only "fetch failed", its cause says why). */
export const describeFailure = (error: unknown): string => {
  const parts: string[] = [];
  for (let current: unknown = error; current !== undefined;) {
    if (current instanceof Error) {
      const { code } = current as { code?: unknown };
      parts.push(
        typeof code === 'string' && !current.message.includes(code)
          ? `${current.message} (${code})`
          : current.message,
      );
      current = current.cause;
    } else {
      parts.push(typeof current === 'string' ? current : JSON.stringify(current));
      current = undefined;
    }
  }
  return parts.join(': ');
};
