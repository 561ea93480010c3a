/** The two limits of a token bucket, as API Gateway names them. */
export interface TokenBucketLimits {
  /** Tokens added per second (`ThrottlingRateLimit`); may be fractional, or 0 (never refills). */
  readonly ratePerSecond: number;
  /** The bucket's size (`ThrottlingBurstLimit`): how many requests may arrive at once. */
  readonly burst: number;
}

/** Whether one request may pass; if not, when the next token is due. */
export type TokenBucketDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** Milliseconds until a token is due; undefined when none ever will be (rate 0, burst < 1). */
      readonly retryAfterMs: number | undefined;
    };

/** A token bucket: each request takes a token or is refused. */
export interface TokenBucket {
  /** Takes a token for one request, if one is there. */
  take(): TokenBucketDecision;
}

// Refills in fractional steps (a rate of 0.3/s) add up to 0.9999999999999999, not 1.
const epsilon = 1e-9;

/**
 * A token bucket as API Gateway throttles with: it starts full (`burst` tokens), refills
 * continuously at `ratePerSecond` up to `burst`, and each request takes one token or is refused.
 * `now` is a monotonic clock in milliseconds (`performance.now` in use, a fake in tests).
 *
 * @example
 * ```ts
 * const bucket = makeTokenBucket({ ratePerSecond: 50, burst: 100 }, () => performance.now());
 * if (!bucket.take().allowed) return tooManyRequests();
 * ```
 */
export const makeTokenBucket = (limits: TokenBucketLimits, now: () => number): TokenBucket => {
  const { ratePerSecond, burst } = limits;
  if (!Number.isFinite(ratePerSecond) || ratePerSecond < 0) {
    throw new RangeError(
      `a token bucket's rate must be a number ≥ 0, got ${String(ratePerSecond)}`,
    );
  }
  if (!Number.isFinite(burst) || burst < 0) {
    throw new RangeError(`a token bucket's burst must be a number ≥ 0, got ${String(burst)}`);
  }
  let tokens = burst;
  let updatedAt = now();
  return {
    take: () => {
      const at = now();
      // A clock that steps back refills nothing rather than draining the bucket.
      tokens = Math.min(burst, tokens + (Math.max(0, at - updatedAt) * ratePerSecond) / 1000);
      updatedAt = at;
      if (tokens >= 1 - epsilon) {
        tokens = Math.max(0, tokens - 1);
        return { allowed: true };
      }
      return {
        allowed: false,
        retryAfterMs:
          ratePerSecond === 0 || burst < 1 ? undefined : ((1 - tokens) * 1000) / ratePerSecond,
      };
    },
  };
};
