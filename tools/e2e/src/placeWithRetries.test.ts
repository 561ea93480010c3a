import { describe, expect, it } from 'vitest';
import { type PlaceAttempt, placeWithRetries } from './placeWithRetries.ts';

/**
 * A checkout that gives each answer in turn (`undefined`: nothing answers), repeating the last,
 * and a clock that each answer moves on by `answerMs` and each pause by its length.
 */
const checkout = (answers: readonly (number | undefined)[], answerMs = 0) => {
  let clock = 1_000_000;
  let posts = 0;
  const attempt: PlaceAttempt = () => {
    const status = answers[Math.min(posts, answers.length - 1)];
    posts += 1;
    clock += answerMs;
    return Promise.resolve(
      status === undefined ? undefined : { status, body: status < 300 ? { orderId: 'ord-1' } : {} },
    );
  };
  return {
    attempt,
    posts: () => posts,
    now: () => clock,
    pause: (ms: number) => {
      clock += ms;
      return Promise.resolve();
    },
  };
};

describe('placeWithRetries', () => {
  it('answers the order id of a first POST that is accepted', async () => {
    // Prepare
    const target = checkout([201]);

    // Act
    const placed = await placeWithRetries(target.attempt, { pauseMs: 1_000, ...target });

    // Assess
    expect(placed).toEqual({
      firstPostAt: 1_000_000,
      statuses: [201],
      lastAnswerAfterMs: 0,
      orderId: 'ord-1',
    });
  });

  it('retries no answer, a 5xx, a 409 and a 429 until the order is accepted', async () => {
    // Prepare
    const target = checkout([undefined, 503, 409, 429, 200], 10);

    // Act
    const placed = await placeWithRetries(target.attempt, {
      pauseMs: 1_000,
      retryForMs: 30_000,
      ...target,
    });

    // Assess
    expect(placed.statuses).toEqual([0, 503, 409, 429, 200]);
    expect(placed.orderId).toBe('ord-1');
    expect(placed.lastAnswerAfterMs).toBe(4_050);
  });

  it('does not retry a 4xx other than 409 and 429', async () => {
    // Prepare
    const target = checkout([422, 201]);

    // Act
    const placed = await placeWithRetries(target.attempt, { pauseMs: 1_000, ...target });

    // Assess
    expect(placed.statuses).toEqual([422]);
    expect(placed).not.toHaveProperty('orderId');
  });

  it('rides out a restart of the part: refusals for 12 s within a 30 s budget', async () => {
    // Prepare: refused at once, every second, for 12 s (more than 10 quick attempts)
    const target = checkout([...Array.from({ length: 13 }, () => undefined), 201]);

    // Act
    const placed = await placeWithRetries(target.attempt, {
      pauseMs: 1_000,
      retryForMs: 30_000,
      ...target,
    });

    // Assess
    expect(placed.statuses).toHaveLength(14);
    expect(placed.orderId).toBe('ord-1');
  });

  it('starts no retry past its time budget, and keeps every status', async () => {
    // Prepare: each POST takes 4 s to fail
    const target = checkout([undefined], 4_000);

    // Act
    const placed = await placeWithRetries(target.attempt, {
      pauseMs: 1_000,
      retryForMs: 30_000,
      ...target,
    });

    // Assess: POSTs start at 0, 5, 10, 15, 20, 25 and 30 s; the next would start at 35 s
    expect(placed.statuses).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(placed.lastAnswerAfterMs).toBe(34_000);
    expect(placed).not.toHaveProperty('orderId');
  });

  it('stops at its attempts when it has a count', async () => {
    // Prepare
    const target = checkout([500]);

    // Act
    const placed = await placeWithRetries(target.attempt, {
      pauseMs: 1_000,
      maxAttempts: 5,
      ...target,
    });

    // Assess
    expect(target.posts()).toBe(5);
    expect(placed.statuses).toEqual([500, 500, 500, 500, 500]);
  });
});
