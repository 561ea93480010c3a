import { setTimeout as sleep } from 'node:timers/promises';

/** One POST of an order: its status and body, or `undefined` when nothing answered. */
export type PlaceAttempt = () => Promise<
  { readonly status: number; readonly body: { readonly orderId?: string } } | undefined
>;

/** In progress (the key's first request), and throttled. */
const retriedClientErrors = new Set([409, 429]);

/** How long an order is retried, and the clock it is timed by. */
export interface RetryPolicy {
  /** The pause before each retry. */
  readonly pauseMs: number;
  /** At most this many POSTs. */
  readonly maxAttempts?: number;
  /** No retry starts later than this after the first POST. */
  readonly retryForMs?: number;
  /** The clock (tests). */
  readonly now?: () => number;
  /** The pause (tests). */
  readonly pause?: (ms: number) => Promise<unknown>;
}

/** What became of an order's POSTs. */
export interface Placement {
  /** Epoch ms of its first POST. */
  readonly firstPostAt: number;
  /** HTTP status of each attempt (0: no answer). */
  readonly statuses: readonly number[];
  /** From the first POST to the last answer (or the last try), retries included. */
  readonly lastAnswerAfterMs: number;
  /** Set once a POST was accepted (200 or 201). */
  readonly orderId?: string;
}

/**
 * POSTs one order as a client would: with one Idempotency-Key (the caller's), retried after a
 * pause on a 5xx, a 409 (the key's first request still in progress), a 429 (the route's
 * throttle) or no answer, until accepted or the policy's attempts or time run out. Any other 4xx
 * will not change on a retry. A time
 * bound lets a bench ride out npm start's supervisor restarting a killed part (its port refuses
 * connections for up to about 12 s), which a count of quick refusals does not.
 * @example
 * const placed = await placeWithRetries(
 *   () => api.placeOrder(body, { 'idempotency-key': key }).catch(() => undefined),
 *   { pauseMs: 1_000, retryForMs: 30_000 },
 * );
 */
export const placeWithRetries = async (
  attempt: PlaceAttempt,
  policy: RetryPolicy,
): Promise<Placement> => {
  const now = policy.now ?? Date.now;
  const pause = policy.pause ?? sleep;
  const maxAttempts = policy.maxAttempts ?? Number.POSITIVE_INFINITY;
  const retryForMs = policy.retryForMs ?? Number.POSITIVE_INFINITY;
  const firstPostAt = now();
  const statuses: number[] = [];
  const placement = (orderId?: string): Placement => ({
    firstPostAt,
    statuses,
    lastAnswerAfterMs: now() - firstPostAt,
    ...(orderId === undefined ? {} : { orderId }),
  });
  for (;;) {
    const response = await attempt();
    statuses.push(response?.status ?? 0);
    if (response?.status === 200 || response?.status === 201) {
      return placement(response.body.orderId);
    }
    if (
      response !== undefined &&
      response.status < 500 &&
      !retriedClientErrors.has(response.status)
    ) {
      return placement();
    }
    const outOfTime = now() + policy.pauseMs - firstPostAt > retryForMs;
    if (statuses.length >= maxAttempts || outOfTime) return placement();
    await pause(policy.pauseMs);
  }
};
