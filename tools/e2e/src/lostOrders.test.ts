import { describe, expect, it } from 'vitest';
import { lostOrders } from './lostOrders.ts';

const clock = () => {
  let time = 1_000_000;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
};

describe('lostOrders', () => {
  it('counts an order lost once it has read 404 for the whole window', () => {
    // Prepare
    const time = clock();
    const watch = lostOrders({ lostAfterMs: 10_000, now: time.now });

    // Act
    const first = watch.observe('ord-1', 404);
    time.advance(9_999);
    const justBefore = watch.observe('ord-1', 404);
    time.advance(1);
    const atWindow = watch.observe('ord-1', 404);

    // Assess
    expect([first, justBefore, atWindow]).toEqual([false, false, true]);
    expect([...watch.lost()]).toEqual(['ord-1']);
  });

  it('starts the window again when the order is found in between', () => {
    // Prepare
    const time = clock();
    const watch = lostOrders({ lostAfterMs: 10_000, now: time.now });
    watch.observe('ord-1', 404);
    time.advance(8_000);

    // Act
    watch.observe('ord-1', 200);
    time.advance(1_000);
    watch.observe('ord-1', 404);
    time.advance(9_000);
    const stillWithin = watch.observe('ord-1', 404);

    // Assess
    expect(stillWithin).toBe(false);
    expect(watch.lost().size).toBe(0);
  });

  it('keeps each order apart, and a lost order stays lost', () => {
    // Prepare
    const time = clock();
    const watch = lostOrders({ lostAfterMs: 5_000, now: time.now });
    watch.observe('ord-1', 404);
    time.advance(5_000);
    watch.observe('ord-2', 404);

    // Act
    const first = watch.observe('ord-1', 404);
    const second = watch.observe('ord-2', 404);
    const firstLater = watch.observe('ord-1', 200);

    // Assess
    expect([first, second, firstLater]).toEqual([true, false, true]);
    expect([...watch.lost()]).toEqual(['ord-1']);
  });

  it('never counts an order that answers with another status', () => {
    // Prepare
    const time = clock();
    const watch = lostOrders({ lostAfterMs: 1_000, now: time.now });

    // Act
    for (const status of [200, 500, 503, 200]) {
      watch.observe('ord-1', status);
      time.advance(2_000);
    }

    // Assess
    expect(watch.lost().size).toBe(0);
  });
});
