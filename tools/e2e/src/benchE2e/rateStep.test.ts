import { describe, expect, it } from 'vitest';
import type { OrderView } from '../conveyorClient.ts';
import {
  followOrders,
  highestPassingRate,
  type OrderOutcome,
  type PlacedStep,
  planSteps,
  shippingByWindow,
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

describe('shippingByWindow', () => {
  it("takes the p99 of the orders first sent in each window, from the step's first POST", () => {
    // Prepare: a step that backed up in its first window, then caught up; one order unshipped.
    const at = (index: number, sentAtMs: number, shippedAfterMs: number | undefined) => ({
      ...order(index, shippedAfterMs),
      firstPostAt: 1_000_000 + sentAtMs,
    });
    const orders = [
      at(0, 0, 2_500),
      at(1, 5_000, 3_100),
      at(2, 9_999, 1_800),
      at(3, 10_000, 400),
      at(4, 15_000, undefined),
      at(5, 30_000, undefined),
    ];

    // Act
    const windows = shippingByWindow(orders);

    // Assess
    expect(windows).toEqual([
      { fromSeconds: 0, orders: 3, p99Ms: 3_100 },
      { fromSeconds: 10, orders: 2, p99Ms: 400 },
      { fromSeconds: 30, orders: 1, p99Ms: undefined },
    ]);
    expect(summarizeStep(step(20, orders)).byWindow).toEqual(windows);
    expect(shippingByWindow([])).toEqual([]);
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

describe('followOrders', () => {
  it('reads every accepted order once the wait is over, and leaves unfinished one that checkout recorded after it', async () => {
    // Prepare
    // The step's wait (60 s after its last POST, at epoch 0) is long over when the reads start.
    // Each shipment happened (at) before checkout recorded it (recordedAt): the order reads
    // SHIPPED from the latter.
    const ends: Record<string, { status: string; at: number; recordedAt: number } | undefined> = {
      'o-0': { status: 'SHIPPED', at: 1_500, recordedAt: 2_500 },
      'o-1': { status: 'SHIPPED', at: 59_000, recordedAt: 61_000 },
      'o-2': undefined,
    };
    const reads: string[] = [];
    const getOrder = (orderId: string): Promise<{ status: number; body: OrderView }> => {
      reads.push(orderId);
      const end = ends[orderId];
      const placedAt = { status: 'PLACED', at: new Date(0).toISOString(), eventId: 'e-1' };
      const timeline =
        end === undefined
          ? [placedAt]
          : [
              placedAt,
              {
                status: end.status,
                at: new Date(end.at).toISOString(),
                eventId: 'e-2',
                recordedAt: new Date(end.recordedAt).toISOString(),
              },
            ];
      return Promise.resolve({
        status: 200,
        body: {
          orderId,
          status: end?.status ?? 'PLACED',
          timeline,
          total: { amount: 1, currency: 'GBP' },
        },
      });
    };
    const neverAccepted: OrderOutcome = { index: 3, optIn: false, firstPostAt: 0, statuses: [500] };
    const placed: PlacedStep = {
      plan: { rate: 1, orders: 4 },
      startedAt: 0,
      sendMs: 3_000,
      lastSentAt: 0,
      orders: [order(0, undefined), order(1, undefined), order(2, undefined), neverAccepted],
    };

    // Act
    const outcome = await followOrders(placed, { api: { getOrder }, finishWithinMs: 60_000 });

    // Assess
    expect(outcome.orders.map((followed) => followed.terminal)).toEqual([
      { status: 'SHIPPED', afterMs: 2_500 },
      undefined,
      undefined,
      undefined,
    ]);
    expect(reads.toSorted()).toEqual(['o-0', 'o-1', 'o-2']);
    expect(summarizeStep(outcome)).toMatchObject({ accepted: 3, shipped: 1, unfinished: 2 });
  });
});
