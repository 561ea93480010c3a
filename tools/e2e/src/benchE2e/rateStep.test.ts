import { describe, expect, it } from 'vitest';
import {
  highestPassingRate,
  type OrderOutcome,
  planSteps,
  type StepOutcome,
  summarizeStep,
} from './rateStep.ts';

const order = (
  index: number,
  shippedAfterMs: number | undefined,
  statuses = [201],
): OrderOutcome => ({
  index,
  optIn: index % 2 === 0,
  firstPostAt: 0,
  statuses,
  acceptedAfterMs: 100 * (index + 1),
  orderId: `o-${String(index)}`,
  ...(shippedAfterMs === undefined
    ? {}
    : { terminal: { status: 'SHIPPED', afterMs: shippedAfterMs } }),
});

const step = (rate: number, orders: OrderOutcome[]): StepOutcome => ({
  plan: { rate, orders: orders.length },
  startedAt: 0,
  sendMs: ((orders.length - 1) * 1000) / rate,
  orders,
});

describe('planSteps', () => {
  it('sends for about the step time at each rate, within the cap, or a fixed count', () => {
    // Act
    const timed = planSteps([5, 40], 20, 400);
    const capped = planSteps([40], 20, 300);
    const fixed = planSteps([2, 5], 20, 400, 20);

    // Assess
    expect(timed).toEqual([
      { rate: 5, orders: 100 },
      { rate: 40, orders: 400 },
    ]);
    expect(capped).toEqual([{ rate: 40, orders: 300 }]);
    expect(fixed.map((plan) => plan.orders)).toEqual([20, 20]);
  });
});

describe('summarizeStep', () => {
  it('passes a step only when every order shipped within the limit', () => {
    // Prepare
    const fast = step(5, [order(0, 800), order(1, 1200, [503, 201]), order(2, 9_999)]);
    const slow = step(10, [order(0, 800), order(1, 10_001)]);
    const lost = step(20, [order(0, 800), order(1, undefined)]);

    // Act
    const summaries = [fast, slow, lost].map((outcome) => summarizeStep(outcome));

    // Assess
    expect(summaries.map((summary) => summary.everyOrderShippedWithin)).toEqual([
      true,
      false,
      false,
    ]);
    expect(summaries[0]).toMatchObject({ shipped: 3, retried: 1, unfinished: 0, achievedRate: 5 });
    expect(summaries[0]?.postToShippedMs).toMatchObject({ p50: 1200, p99: 9_999 });
    expect(summaries[2]).toMatchObject({ shipped: 1, unfinished: 1 });
  });
});

describe('highestPassingRate', () => {
  it('is the highest rate that passed, or none', () => {
    // Prepare
    const passed = summarizeStep(step(5, [order(0, 500)]));
    const passedHigher = summarizeStep(step(20, [order(0, 500)]));
    const failed = summarizeStep(step(10, [order(0, 20_000)]));

    // Act
    const highest = [
      highestPassingRate([passed, failed, passedHigher]),
      highestPassingRate([failed]),
    ];

    // Assess
    expect(highest).toEqual([20, undefined]);
  });
});
