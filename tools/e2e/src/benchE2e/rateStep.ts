import { setTimeout as sleep } from 'node:timers/promises';
import { type CheckoutRequest, type ConveyorClient, recordedTimeOf } from '../conveyorClient.ts';
import { type Percentiles, percentiles } from '../percentiles.ts';
import { placeWithRetries } from '../placeWithRetries.ts';

/** One rate of the run: how many orders, sent how fast. */
export interface StepPlan {
  /** Orders per second. */
  readonly rate: number;
  readonly orders: number;
}

/**
 * The steps for `rates`: each sends for about `stepSeconds` (rate × seconds orders, at least 1),
 * at most `maxOrders`; `fixedOrders` sends that many at every rate instead.
 */
export const planSteps = (
  rates: readonly number[],
  stepSeconds: number,
  maxOrders: number,
  fixedOrders?: number,
): StepPlan[] =>
  rates.map((rate) => ({
    rate,
    orders: fixedOrders ?? Math.min(maxOrders, Math.max(1, Math.round(rate * stepSeconds))),
  }));

/** What became of one order. */
export interface OrderOutcome {
  readonly index: number;
  readonly optIn: boolean;
  /** Epoch ms of its first POST. */
  readonly firstPostAt: number;
  /** HTTP status of each attempt (0: no answer). */
  readonly statuses: readonly number[];
  /** From the first POST to the 201 (retries included); absent if never accepted. */
  readonly acceptedAfterMs?: number;
  readonly orderId?: string;
  /** Its terminal status and when, from its first POST to the timeline entry (server clock). */
  readonly terminal?: { readonly status: string; readonly afterMs: number };
}

/** A step as run. */
export interface StepOutcome {
  readonly plan: StepPlan;
  readonly startedAt: number;
  /** From the first POST to the last one sent. */
  readonly sendMs: number;
  readonly orders: readonly OrderOutcome[];
}

/** A step's orders once sent and answered, not yet followed to their end. */
export interface PlacedStep extends StepOutcome {
  /** Epoch ms of the last order sent: the step waits `finishWithinMs` from there. */
  readonly lastSentAt: number;
}

/** What a step shows. */
export interface StepSummary {
  readonly rate: number;
  readonly orders: number;
  readonly accepted: number;
  readonly shipped: number;
  readonly rejected: number;
  /** Accepted, but not terminal when the step stopped waiting. */
  readonly unfinished: number;
  /** Orders that needed more than one POST. */
  readonly retried: number;
  /** The rate actually sent (orders over the sending time). */
  readonly achievedRate: number;
  readonly postMs: Percentiles | undefined;
  readonly postToShippedMs: Percentiles | undefined;
  /** Every order accepted and SHIPPED within the limit of its first POST. */
  readonly everyOrderShippedWithin: boolean;
  /** POST→SHIPPED over the step, window by window of sending ({@link shippingByWindow}). */
  readonly byWindow: readonly ShippingWindow[];
}

/** The orders first sent in one window of a step, and how fast they shipped. */
export interface ShippingWindow {
  /** Seconds from the step's first POST to the window's start. */
  readonly fromSeconds: number;
  readonly orders: number;
  /** POST→SHIPPED p99 of those that shipped; undefined when none did. */
  readonly p99Ms: number | undefined;
}

/** The width of a step's windows in {@link StepSummary.byWindow}. */
export const shippingWindowMs = 10_000;

/**
 * POST→SHIPPED window by window of the step's sending, so that a step's average does not hide
 * how it moved: a step that starts on an idle system backs up while the processes warm up, then
 * catches up.
 */
export const shippingByWindow = (
  orders: readonly OrderOutcome[],
  windowMs = shippingWindowMs,
): ShippingWindow[] => {
  if (orders.length === 0) return [];
  const start = Math.min(...orders.map((order) => order.firstPostAt));
  const windows = new Map<number, { orders: number; shipped: number[] }>();
  for (const order of orders) {
    const index = Math.floor((order.firstPostAt - start) / windowMs);
    const window = windows.get(index) ?? { orders: 0, shipped: [] };
    window.orders += 1;
    if (order.terminal?.status === 'SHIPPED') window.shipped.push(order.terminal.afterMs);
    windows.set(index, window);
  }
  return [...windows.entries()]
    .toSorted(([a], [b]) => a - b)
    .map(([index, window]) => ({
      fromSeconds: (index * windowMs) / 1000,
      orders: window.orders,
      p99Ms: window.shipped.length === 0 ? undefined : percentiles(window.shipped).p99,
    }));
};

/** The limit the bench holds every order to: SHIPPED within 10 s of its first POST. */
export const shipWithinMs = 10_000;

/** The figures of one step. */
export const summarizeStep = (step: StepOutcome, limitMs = shipWithinMs): StepSummary => {
  const accepted = step.orders.filter((order) => order.orderId !== undefined);
  const shippedAfter = step.orders.flatMap((order) =>
    order.terminal?.status === 'SHIPPED' ? [order.terminal.afterMs] : [],
  );
  const acceptedAfter = accepted.flatMap((order) =>
    order.acceptedAfterMs === undefined ? [] : [order.acceptedAfterMs],
  );
  return {
    rate: step.plan.rate,
    orders: step.orders.length,
    accepted: accepted.length,
    shipped: shippedAfter.length,
    rejected: step.orders.filter((order) => order.terminal?.status === 'REJECTED').length,
    unfinished: accepted.filter((order) => order.terminal === undefined).length,
    retried: step.orders.filter((order) => order.statuses.length > 1).length,
    achievedRate:
      step.orders.length <= 1 || step.sendMs <= 0
        ? step.plan.rate
        : ((step.orders.length - 1) * 1000) / step.sendMs,
    postMs: acceptedAfter.length === 0 ? undefined : percentiles(acceptedAfter),
    postToShippedMs: shippedAfter.length === 0 ? undefined : percentiles(shippedAfter),
    everyOrderShippedWithin:
      step.orders.length > 0 &&
      shippedAfter.length === step.orders.length &&
      shippedAfter.every((ms) => ms <= limitMs),
    byWindow: shippingByWindow(step.orders),
  };
};

/** The highest rate whose every order shipped within the limit; undefined if none did. */
export const highestPassingRate = (steps: readonly StepSummary[]): number | undefined => {
  const passing = steps.filter((step) => step.everyOrderShippedWithin).map((step) => step.rate);
  return passing.length === 0 ? undefined : Math.max(...passing);
};

/** How a step talks to the system. */
export interface StepDriver {
  readonly api: ConveyorClient;
  readonly sku: string;
  /** Names this run's customers and Idempotency-Keys apart from any other run's. */
  readonly runId: string;
  /** How long to wait, after the last POST, for every order to end. */
  readonly finishWithinMs: number;
  readonly log: (line: string) => void;
}

const maxAttempts = 5;
const retryPauseMs = 1_000;
// Status reads go through checkout's getOrder function: 40 a second, under the HTTP API's
// 50 requests/s throttle, each order read at most once a second.
const statusReaders = 4;
const readsPerSecond = 40;
const minRereadMs = 1_000;
const terminal = new Set(['SHIPPED', 'REJECTED']);

const orderRequest = (driver: StepDriver, rate: number, index: number): CheckoutRequest => {
  const id = `cus-bench-${driver.runId}-${String(rate)}-${String(index)}`;
  return {
    customer: { id, email: `${id}@example.com`, name: 'Ada Lovelace' },
    lines: [{ sku: driver.sku, quantity: 1 }],
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '12 Analytical Row',
      city: 'London',
      postalCode: 'NW1 6XE',
      country: 'GB',
    },
    currency: 'GBP',
    marketingOptIn: index % 2 === 0,
  };
};

/**
 * Sends `plan.orders` orders at `plan.rate` per second, each as a client would (one
 * Idempotency-Key, retried after 1 s on a 5xx, a 409, a 429 or no answer, 5 attempts at most), and
 * waits for every answer. `followOrders` reads what became of them.
 */
export const placeOrders = async (plan: StepPlan, driver: StepDriver): Promise<PlacedStep> => {
  const place = async (index: number): Promise<OrderOutcome> => {
    const body = orderRequest(driver, plan.rate, index);
    const headers = {
      'idempotency-key': `bench-${driver.runId}-${String(plan.rate)}-${String(index)}`,
    };
    const placed = await placeWithRetries(
      () => driver.api.placeOrder(body, headers).catch(() => undefined),
      { pauseMs: retryPauseMs, maxAttempts },
    );
    const { firstPostAt, statuses, orderId } = placed;
    return orderId === undefined
      ? { index, optIn: body.marketingOptIn, firstPostAt, statuses }
      : {
          index,
          optIn: body.marketingOptIn,
          firstPostAt,
          statuses,
          acceptedAfterMs: placed.lastAnswerAfterMs,
          orderId,
        };
  };

  const startedAt = Date.now();
  const placing: Promise<OrderOutcome>[] = [];
  let lastSentAt = startedAt;
  for (let index = 0; index < plan.orders; index += 1) {
    const wait = startedAt + (index * 1000) / plan.rate - Date.now();
    if (wait > 0) await sleep(wait);
    lastSentAt = Date.now();
    placing.push(place(index));
  }
  const placed = await Promise.all(placing);
  driver.log(
    `  ${String(plan.rate)}/s: sent ${String(plan.orders)} orders in ${((lastSentAt - startedAt) / 1000).toFixed(1)} s; ${String(placed.filter((order) => order.orderId !== undefined).length)} accepted`,
  );
  return { plan, startedAt, sendMs: lastSentAt - startedAt, lastSentAt, orders: placed };
};

/**
 * Follows each accepted order of a step to SHIPPED or REJECTED through `GET /orders/{id}`, until
 * `finishWithinMs` after the last POST, reading each at least once. An order whose end came
 * after that stays unfinished. Call it once the flow has drained: the reads run through
 * checkout's `getOrder`, and would otherwise compete with the orders they follow and count in
 * the step's CPU. The times are when checkout recorded each step (the order's timeline), so when
 * it is read changes none.
 */
export const followOrders = async (
  placed: PlacedStep,
  driver: { readonly api: Pick<ConveyorClient, 'getOrder'>; readonly finishWithinMs: number },
): Promise<StepOutcome> => {
  const outcomes = new Map(placed.orders.map((order) => [order.index, order]));
  const deadline = placed.lastSentAt + driver.finishWithinMs;
  const lastReadAt = new Map<number, number>();
  const ended = new Set<number>();
  const pending = (): OrderOutcome[] =>
    [...outcomes.values()].filter(
      (order) => order.orderId !== undefined && !ended.has(order.index),
    );
  const follow = async (order: OrderOutcome): Promise<void> => {
    if (order.orderId === undefined) return;
    const view = await driver.api.getOrder(order.orderId).catch(() => undefined);
    if (view?.status !== 200 || !terminal.has(view.body.status)) return;
    const end = view.body.timeline.find((entry) => terminal.has(entry.status));
    if (end === undefined) return;
    ended.add(order.index);
    const endedAt = recordedTimeOf(end);
    if (endedAt > deadline) return;
    outcomes.set(order.index, {
      ...order,
      terminal: { status: end.status, afterMs: endedAt - order.firstPostAt },
    });
  };
  const reading = new Set<number>();
  const reader = async (): Promise<void> => {
    const mayRead = (): boolean =>
      Date.now() < deadline || pending().some((order) => !lastReadAt.has(order.index));
    while (pending().length > 0 && mayRead()) {
      const due = pending().find(
        (order) =>
          !reading.has(order.index) &&
          (lastReadAt.get(order.index) ?? 0) <= Date.now() - minRereadMs,
      );
      if (due === undefined) {
        await sleep(100);
        continue;
      }
      reading.add(due.index);
      lastReadAt.set(due.index, Date.now());
      await follow(due);
      reading.delete(due.index);
      await sleep((statusReaders * 1000) / readsPerSecond);
    }
  };
  await Promise.all(Array.from({ length: statusReaders }, reader));
  return {
    plan: placed.plan,
    startedAt: placed.startedAt,
    sendMs: placed.sendMs,
    orders: [...outcomes.values()].sort((a, b) => a.index - b.index),
  };
};
