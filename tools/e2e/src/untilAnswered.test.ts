import { describe, expect, it } from 'vitest';
import { describeFailure, untilAnswered } from './untilAnswered.ts';

/** A call that fails `failures` times, then answers; and a clock that each pause moves on. */
const flaky = (failures: number) => {
  let calls = 0;
  let clock = 0;
  return {
    call: () => {
      calls += 1;
      return calls <= failures
        ? Promise.reject(new Error(`refused ${String(calls)}`))
        : Promise.resolve('answer');
    },
    calls: () => calls,
    now: () => clock,
    pause: (ms: number) => {
      clock += ms;
      return Promise.resolve();
    },
  };
};

describe('untilAnswered', () => {
  it('answers at once when the first call does, and tells of no failure', async () => {
    // Prepare
    const target = flaky(0);
    const told: unknown[] = [];

    // Act
    const answer = await untilAnswered(target.call, {
      patienceMs: 10_000,
      pauseMs: 1_000,
      onFirstFailure: (error) => told.push(error),
      now: target.now,
      pause: target.pause,
    });

    // Assess
    expect(answer).toBe('answer');
    expect(target.calls()).toBe(1);
    expect(told).toEqual([]);
  });

  it('keeps calling through failures, telling of the first only', async () => {
    // Prepare
    const target = flaky(3);
    const told: string[] = [];

    // Act
    const answer = await untilAnswered(target.call, {
      patienceMs: 10_000,
      pauseMs: 1_000,
      onFirstFailure: (error) => told.push(describeFailure(error)),
      now: target.now,
      pause: target.pause,
    });

    // Assess
    expect(answer).toBe('answer');
    expect(target.calls()).toBe(4);
    expect(told).toEqual(['refused 1']);
  });

  it('throws the last error once its patience is spent', async () => {
    // Prepare
    const target = flaky(100);

    // Act
    const outcome = untilAnswered(target.call, {
      patienceMs: 3_000,
      pauseMs: 1_000,
      now: target.now,
      pause: target.pause,
    });

    // Assess
    await expect(outcome).rejects.toThrow('refused 4');
    expect(target.calls()).toBe(4);
  });

  it('names what did not answer, with the last failure as the cause, when told what it calls', async () => {
    // Prepare
    const target = flaky(100);

    // Act
    const outcome = untilAnswered(target.call, {
      what: 'checkout',
      patienceMs: 60_000,
      pauseMs: 1_000,
      now: target.now,
      pause: target.pause,
    }).catch((error: unknown) => error);

    // Assess
    expect(describeFailure(await outcome)).toBe('checkout did not answer for 60 s: refused 61');
  });
});

describe('describeFailure', () => {
  it("adds the causes' messages and codes", () => {
    // Prepare
    const refused = Object.assign(new Error('connect to 127.0.0.1:4566 failed'), {
      code: 'ECONNREFUSED',
    });
    const failed = new TypeError('fetch failed', { cause: refused });

    // Act
    const described = describeFailure(failed);

    // Assess
    expect(described).toBe('fetch failed: connect to 127.0.0.1:4566 failed (ECONNREFUSED)');
  });

  it('describes what is thrown that is no error', () => {
    // Act
    const described = describeFailure('gone');

    // Assess
    expect(described).toBe('gone');
  });
});
