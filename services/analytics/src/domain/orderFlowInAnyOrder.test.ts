// The figures depend on the set of facts only: duplicates and any arrival order, in parallel
// batches as the standard queue delivers them, with deliveries that fail halfway and come back
// later, all give the same report, equal to what the orders themselves say.
import { describe, expect, it } from 'vitest';
import { type FailWhen, inMemoryFactStore } from '../../tests/support/inMemoryFactStore.ts';
import { eventsOf, type OrderStory, totalOf } from '../../tests/support/orderStories.ts';
import { permutations, seededRandom, shuffled } from '@conveyor/service-testing/seededShuffle';
import { type DailyReport, dailyReport } from './dailyReport.ts';
import { dayRange } from './dayRange.ts';
import { type OrderFlowEvent, orderFactFrom } from './orderFactFrom.ts';
import { recordOrderFact } from './recordOrderFact.ts';

const RANGE = (() => {
  const checked = dayRange('2026-03-01', '2026-03-05');
  if (!checked.ok) throw new Error('a valid range');
  return checked.range;
})();

const SKUS = ['MUG-LOGO', 'TSHIRT-RED-M', 'CAP-BLUE', 'SOCKS-3', 'POSTER-A2', 'PIN-SET'];
const CURRENCIES = ['EUR', 'GBP', 'USD'];

const iso = (ms: number) => new Date(ms).toISOString();

/** Orders over the first three days of the range: 3 in 4 confirmed, 7 in 10 of those shipped. */
const randomStories = (count: number, random: () => number, prefix: string): OrderStory[] => {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const start = Date.parse('2026-03-01T00:00:00Z');
  return Array.from({ length: count }, (_, index) => {
    const placed = start + Math.floor(random() * 3 * 86_400_000);
    const lines = shuffled(SKUS, random)
      .slice(0, 1 + Math.floor(random() * 3))
      .map((sku) => ({
        sku,
        quantity: 1 + Math.floor(random() * 3),
        unitPrice: 100 + Math.floor(random() * 4900),
      }));
    const decidedAt = iso(placed + 500 + Math.floor(random() * 4500));
    const shipped = random() < 0.7;
    return {
      orderId: `ord-${prefix}-${String(index)}`,
      currency: pick(CURRENCIES),
      lines,
      placedAt: iso(placed),
      outcome:
        random() < 0.75
          ? {
              kind: 'confirmed',
              at: decidedAt,
              ...(shipped
                ? { shippedAt: iso(placed + 60_000 + Math.floor(random() * 2 * 86_400_000)) }
                : {}),
            }
          : { kind: 'rejected', at: decidedAt },
    } satisfies OrderStory;
  });
};

let idCounter = 0;
const nextId = () => `00000000-0000-4000-8000-${String((idCounter += 1)).padStart(12, '0')}`;

const storiesEvents = (stories: readonly OrderStory[]) =>
  stories.flatMap((story) => eventsOf(story, nextId));

/** Every event once, and a third of them again (some three times), as the queue may deliver. */
const withDuplicates = (events: readonly OrderFlowEvent[], random: () => number) =>
  events.flatMap((event) => {
    const roll = random();
    if (roll < 0.1) return [event, event, event];
    if (roll < 0.33) return [event, event];
    return [event];
  });

const reportOf = async (store: ReturnType<typeof inMemoryFactStore>) => dailyReport(RANGE, store);

const recordInOrder = async (deliveries: readonly OrderFlowEvent[]): Promise<DailyReport> => {
  const store = inMemoryFactStore();
  for (const event of deliveries) await recordOrderFact(orderFactFrom(event), store);
  return reportOf(store);
};

/**
 * As the standard queue and its event source deliver: batches of 1-10 records handled in
 * parallel; a record whose handling failed (a store call failed midway) comes back later, in
 * a later batch, until it succeeds.
 */
const recordInParallelBatches = async (
  deliveries: readonly OrderFlowEvent[],
  random: () => number,
  failWhen: FailWhen = () => false,
): Promise<DailyReport> => {
  const store = inMemoryFactStore(failWhen);
  const pending = [...deliveries];
  while (pending.length > 0) {
    const batch = pending.splice(0, 1 + Math.floor(random() * 10));
    const results = await Promise.allSettled(
      batch.map((event) => recordOrderFact(orderFactFrom(event), store)),
    );
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        const at = Math.floor(random() * (pending.length + 1));
        pending.splice(at, 0, batch[index] as OrderFlowEvent);
      }
    });
  }
  return reportOf(store);
};

const dayOf = (instant: string) => new Date(instant).toISOString().slice(0, 10);

/** What the orders say, counted straight from the stories: the report must agree. */
const storyFigures = (stories: readonly OrderStory[], day: string | undefined) => {
  const on = (instant: string | undefined) =>
    instant !== undefined && (day === undefined || dayOf(instant) === day);
  const confirmed = stories.filter((s) => s.outcome.kind === 'confirmed' && on(s.outcome.at));
  const shipped = stories.filter((s) => s.outcome.kind === 'confirmed' && on(s.outcome.shippedAt));
  const revenue: Record<string, number> = {};
  for (const story of confirmed) {
    revenue[story.currency] = (revenue[story.currency] ?? 0) + totalOf(story);
  }
  return {
    orders: {
      placed: stories.filter((s) => on(s.placedAt)).length,
      confirmed: confirmed.length,
      rejected: stories.filter((s) => s.outcome.kind === 'rejected' && on(s.outcome.at)).length,
      shipped: shipped.length,
    },
    revenue,
    leadTimes: shipped
      .map((s) =>
        s.outcome.kind === 'confirmed' && s.outcome.shippedAt !== undefined
          ? Date.parse(s.outcome.shippedAt) - Date.parse(s.placedAt)
          : Number.NaN,
      )
      .toSorted((a, b) => a - b),
  };
};

const assertAgreesWithStories = (report: DailyReport, stories: readonly OrderStory[]) => {
  const periods = [...report.days, { date: undefined, ...report.total }];
  for (const period of periods) {
    const expected = storyFigures(stories, period.date);
    const { leadTimes } = expected;
    const nearestRank = (p: number) => leadTimes[Math.ceil((p / 100) * leadTimes.length) - 1];
    expect(period.orders).toEqual(expected.orders);
    expect(Object.fromEntries(period.revenue.map((r) => [r.currency, r.amount]))).toEqual(
      expected.revenue,
    );
    expect(period.leadTime).toEqual({
      orders: leadTimes.length,
      ...(leadTimes.length === 0 ? {} : { p50Ms: nearestRank(50), p95Ms: nearestRank(95) }),
    });
  }
};

describe('the daily report under duplicates and any arrival order', () => {
  it('is the same for all 720 orderings of a shipped order, a rejected one and a duplicate', async () => {
    // Prepare
    const stories: OrderStory[] = [
      {
        orderId: 'ord-a',
        currency: 'EUR',
        lines: [{ sku: 'MUG-LOGO', quantity: 2, unitPrice: 1250 }],
        placedAt: '2026-03-01T23:00:00.000Z',
        outcome: {
          kind: 'confirmed',
          at: '2026-03-02T00:00:01.000Z',
          shippedAt: '2026-03-03T10:00:00.000Z',
        },
      },
      {
        orderId: 'ord-b',
        currency: 'GBP',
        lines: [{ sku: 'CAP-BLUE', quantity: 1, unitPrice: 900 }],
        placedAt: '2026-03-02T08:00:00.000Z',
        outcome: { kind: 'rejected', at: '2026-03-02T08:00:01.000Z' },
      },
    ];
    const events = storiesEvents(stories);
    const deliveries = [...events, events[2] as OrderFlowEvent];
    const inFlowOrder = await recordInOrder(events);

    // Act
    const reports = [];
    for (const ordering of permutations(deliveries)) reports.push(await recordInOrder(ordering));

    // Assess
    expect(reports).toHaveLength(720);
    for (const report of reports) expect(report).toEqual(inFlowOrder);
    assertAgreesWithStories(inFlowOrder, stories);
  });

  it('is the same for 200 seeded shuffles of 40 orders with duplicates, in parallel batches', async () => {
    // Prepare
    const stories = randomStories(40, seededRandom(12), 'shuffle');
    const events = storiesEvents(stories);
    const inFlowOrder = await recordInOrder(events);

    // Act
    const reports = [];
    for (let seed = 1; seed <= 200; seed += 1) {
      const random = seededRandom(seed);
      const deliveries = shuffled(withDuplicates(events, random), random);
      reports.push({ seed, report: await recordInParallelBatches(deliveries, random) });
    }

    // Assess
    for (const { seed, report } of reports)
      expect({ seed, report }).toEqual({ seed, report: inFlowOrder });
    assertAgreesWithStories(inFlowOrder, stories);
    expect(inFlowOrder.total.orders.shipped).toBeGreaterThan(0);
    expect(inFlowOrder.total.orders.rejected).toBeGreaterThan(0);
  });

  it('is the same when deliveries fail between their writes and come back later', async () => {
    // Prepare
    const stories = randomStories(25, seededRandom(99), 'faults');
    const events = storiesEvents(stories);
    const inFlowOrder = await recordInOrder(events);

    // Act
    const reports = [];
    for (let seed = 1; seed <= 50; seed += 1) {
      const random = seededRandom(seed);
      const deliveries = shuffled(withDuplicates(events, random), random);
      // One store call in eight fails, the first write of a delivery or a later one.
      const failWhen = () => random() < 0.125;
      reports.push({ seed, report: await recordInParallelBatches(deliveries, random, failWhen) });
    }

    // Assess
    for (const { seed, report } of reports)
      expect({ seed, report }).toEqual({ seed, report: inFlowOrder });
    assertAgreesWithStories(inFlowOrder, stories);
  });
});
