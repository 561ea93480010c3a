/** How long to wait before restarting a part that died. */
export interface RestartBackoffOptions {
  /** The first delay; each consecutive failure doubles it. */
  readonly firstMs: number;
  /** The longest delay. */
  readonly maxMs: number;
  /** A part that ran this long before dying starts again from `firstMs`. */
  readonly stableMs: number;
}

/** 1 s, 2 s, 4 s ... up to 30 s; back to 1 s after a minute of running. */
export const defaultRestartBackoff: RestartBackoffOptions = {
  firstMs: 1_000,
  maxMs: 30_000,
  stableMs: 60_000,
};

/**
 * Restart delays of one part: doubling while it keeps dying soon after a (re)start, so a part
 * that crashes at once is retried ever less often instead of spinning.
 */
export class RestartBackoff {
  readonly #options: RestartBackoffOptions;
  #failures = 0;

  public constructor(options: RestartBackoffOptions = defaultRestartBackoff) {
    this.#options = options;
  }

  /** The delay before the next restart of a part that ran `uptimeMs` (0 if never ready). */
  public next(uptimeMs: number): number {
    if (uptimeMs >= this.#options.stableMs) this.#failures = 0;
    this.#failures += 1;
    return Math.min(this.#options.maxMs, this.#options.firstMs * 2 ** (this.#failures - 1));
  }
}
