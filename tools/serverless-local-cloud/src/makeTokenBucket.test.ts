import { describe, expect, it } from 'vitest';
import { makeTokenBucket, type TokenBucketDecision } from './makeTokenBucket.ts';

/** A clock the test moves by hand, in milliseconds. */
const fakeClock = (): { now: () => number; advance: (ms: number) => void } => {
  let at = 1_000;
  return {
    now: () => at,
    advance: (ms) => {
      at += ms;
    },
  };
};

const allowedOf = (decisions: readonly TokenBucketDecision[]): boolean[] =>
  decisions.map(({ allowed }) => allowed);

describe('makeTokenBucket', () => {
  it('lets a burst of `burst` requests through at once, and refuses the next', () => {
    // Prepare
    const clock = fakeClock();
    const bucket = makeTokenBucket({ ratePerSecond: 1, burst: 3 }, clock.now);

    // Act
    const decisions = Array.from({ length: 4 }, () => bucket.take());

    // Assess
    expect(allowedOf(decisions)).toEqual([true, true, true, false]);
    expect(decisions[3]).toEqual({ allowed: false, retryAfterMs: 1_000 });
  });

  it('refills at the rate, never beyond the burst', () => {
    // Prepare
    const clock = fakeClock();
    const bucket = makeTokenBucket({ ratePerSecond: 2, burst: 3 }, clock.now);
    for (let taken = 0; taken < 3; taken += 1) bucket.take();

    // Act: 499 ms is not yet a token at 2/s; 500 ms is one; then 10 s refill only up to 3.
    clock.advance(499);
    const early = bucket.take();
    clock.advance(1);
    const onTime = bucket.take();
    const afterIt = bucket.take();
    clock.advance(10_000);
    const refilled = Array.from({ length: 4 }, () => bucket.take());

    // Assess
    expect(early.allowed).toBe(false);
    expect(onTime.allowed).toBe(true);
    expect(afterIt).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(allowedOf(refilled)).toEqual([true, true, true, false]);
  });

  it('says how long until the next token, counting what has refilled already', () => {
    // Prepare
    const clock = fakeClock();
    const bucket = makeTokenBucket({ ratePerSecond: 4, burst: 1 }, clock.now);
    bucket.take();

    // Act
    clock.advance(100);
    const decision = bucket.take();

    // Assess: 0.4 of a token is there; 0.6 more take 150 ms at 4/s.
    expect(decision.allowed).toBe(false);
    expect(decision.allowed ? undefined : decision.retryAfterMs).toBeCloseTo(150, 6);
  });

  it('refills a fractional rate in fractional steps', () => {
    // Prepare: 0.3/s, i.e. a token every 3.33 s, reached in steps of 1/3 s.
    const clock = fakeClock();
    const bucket = makeTokenBucket({ ratePerSecond: 0.3, burst: 1 }, clock.now);
    bucket.take();

    // Act
    const steps: boolean[] = [];
    for (let step = 1; step <= 10; step += 1) {
      clock.advance(1_000 / 3);
      steps.push(bucket.take().allowed);
    }

    // Assess: 10 steps of 1/3 s make 3.33 s, the token's due time, and not before.
    expect(steps).toEqual([...Array.from({ length: 9 }, () => false), true]);
  });

  it('never refills at a rate of 0: the burst passes, then nothing', () => {
    // Prepare
    const clock = fakeClock();
    const bucket = makeTokenBucket({ ratePerSecond: 0, burst: 2 }, clock.now);

    // Act
    const first = [bucket.take(), bucket.take()];
    clock.advance(3_600_000);
    const later = bucket.take();

    // Assess
    expect(allowedOf(first)).toEqual([true, true]);
    expect(later).toEqual({ allowed: false, retryAfterMs: undefined });
  });

  it('refuses everything with a burst of 0, whatever the rate', () => {
    // Prepare
    const clock = fakeClock();
    const bucket = makeTokenBucket({ ratePerSecond: 100, burst: 0 }, clock.now);

    // Act
    const now = bucket.take();
    clock.advance(60_000);
    const later = bucket.take();

    // Assess
    expect(now).toEqual({ allowed: false, retryAfterMs: undefined });
    expect(later).toEqual({ allowed: false, retryAfterMs: undefined });
  });

  it('refills nothing when the clock steps back', () => {
    // Prepare
    const clock = fakeClock();
    const bucket = makeTokenBucket({ ratePerSecond: 1, burst: 1 }, clock.now);
    bucket.take();

    // Act
    clock.advance(-5_000);
    const backwards = bucket.take();
    clock.advance(1_000);
    const aSecondLater = bucket.take();

    // Assess
    expect(backwards.allowed).toBe(false);
    expect(aSecondLater.allowed).toBe(true);
  });

  it.each([
    { ratePerSecond: -1, burst: 1 },
    { ratePerSecond: Number.NaN, burst: 1 },
    { ratePerSecond: 1, burst: -1 },
    { ratePerSecond: 1, burst: Number.POSITIVE_INFINITY },
  ])('refuses limits that are not numbers ≥ 0: %o', (limits) => {
    // Prepare
    const clock = fakeClock();

    // Act
    const make = () => makeTokenBucket(limits, clock.now);

    // Assess
    expect(make).toThrow(RangeError);
  });
});
