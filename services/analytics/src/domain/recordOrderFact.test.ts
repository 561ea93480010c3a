import { describe, expect, it } from 'vitest';
import {
  type FailWhen,
  failNext,
  inMemoryFactStore,
} from '../../tests/support/inMemoryFactStore.ts';
import { eventsOf, type OrderStory } from '../../tests/support/orderStories.ts';
import { orderFactFrom } from './orderFactFrom.ts';
import type { OrderFact } from './orderFact.ts';
import { recordOrderFact } from './recordOrderFact.ts';

const story: OrderStory = {
  orderId: 'ord-1',
  currency: 'EUR',
  lines: [{ sku: 'MUG-LOGO', quantity: 1, unitPrice: 1250 }],
  placedAt: '2026-03-01T22:00:00.000Z',
  outcome: {
    kind: 'confirmed',
    at: '2026-03-01T22:00:01.000Z',
    shippedAt: '2026-03-02T06:30:00.000Z',
  },
};

// placed, confirmed, shipped
const factsOf = (order: OrderStory): OrderFact[] => eventsOf(order).map((e) => orderFactFrom(e));

describe('recordOrderFact', () => {
  it('stores a fact under its day, once', async () => {
    // Prepare
    const store = inMemoryFactStore();
    const [placed] = factsOf(story);

    // Act
    const first = await recordOrderFact(placed!, store);
    const again = await recordOrderFact(placed!, store);

    // Assess
    expect(first).toEqual({
      outcome: 'recorded',
      fact: 'placed',
      orderId: 'ord-1',
      day: '2026-03-01',
    });
    expect(again).toEqual({ ...first, outcome: 'duplicate' });
    expect(await store.listDayEntries('2026-03-01')).toEqual([placed]);
    expect(store.milestones.get('ord-1')).toEqual({ placedAt: '2026-03-01T22:00:00.000Z' });
  });

  it('files the lead time under the day the order shipped, whichever fact comes last', async () => {
    // Prepare
    const store = inMemoryFactStore();
    const [placed, , shipped] = factsOf(story);

    // Act
    const shippedFirst = await recordOrderFact(shipped!, store);
    const placedLast = await recordOrderFact(placed!, store);

    // Assess
    expect(shippedFirst.leadTimeMs).toBeUndefined();
    expect(placedLast.leadTimeMs).toBe(8.5 * 3_600_000);
    expect(await store.listDayEntries('2026-03-02')).toContainEqual({
      kind: 'leadTime',
      orderId: 'ord-1',
      day: '2026-03-02',
      placedAt: '2026-03-01T22:00:00.000Z',
      shippedAt: '2026-03-02T06:30:00.000Z',
      leadTimeMs: 8.5 * 3_600_000,
    });
  });

  it('records the lead time once when placement and shipment are handled at the same time', async () => {
    // Prepare
    const store = inMemoryFactStore();
    const [placed, , shipped] = factsOf(story);

    // Act
    const results = await Promise.all([
      recordOrderFact(placed!, store),
      recordOrderFact(shipped!, store),
    ]);

    // Assess
    expect(results.filter((result) => result.leadTimeMs !== undefined)).not.toHaveLength(0);
    const leadTimes = (await store.listDayEntries('2026-03-02')).filter(
      (e) => e.kind === 'leadTime',
    );
    expect(leadTimes).toHaveLength(1);
  });

  it('completes, on the retry, a delivery that failed between its fact and its milestone', async () => {
    // Prepare
    let failWhen: FailWhen = () => false;
    const store = inMemoryFactStore((port) => failWhen(port));
    const [placed, , shipped] = factsOf(story);
    await recordOrderFact(shipped!, store);
    failWhen = failNext('noteMilestone', 1);

    // Act
    const failed = recordOrderFact(placed!, store);
    await expect(failed).rejects.toThrow('noteMilestone failed');
    const retried = await recordOrderFact(placed!, store);

    // Assess
    expect(retried).toMatchObject({ outcome: 'duplicate', leadTimeMs: 8.5 * 3_600_000 });
    expect(store.milestones.get('ord-1')).toEqual({
      placedAt: '2026-03-01T22:00:00.000Z',
      shippedAt: '2026-03-02T06:30:00.000Z',
    });
  });

  it('sets no milestone for a confirmation or a rejection', async () => {
    // Prepare
    const store = inMemoryFactStore();
    const [, confirmed] = factsOf(story);
    const [, rejected] = factsOf({
      ...story,
      orderId: 'ord-2',
      outcome: { kind: 'rejected', at: story.placedAt },
    });

    // Act
    await recordOrderFact(confirmed!, store);
    await recordOrderFact(rejected!, store);

    // Assess
    expect(store.milestones.size).toBe(0);
    expect((await store.listDayEntries('2026-03-01')).map((e) => e.kind).toSorted()).toEqual([
      'confirmed',
      'rejected',
    ]);
  });
});
