import { describe, expect, it } from 'vitest';
import { inMemoryFactStore } from '../../tests/support/inMemoryFactStore.ts';
import { eventsOf, type OrderStory } from '../../tests/support/orderStories.ts';
import { dailyReport } from './dailyReport.ts';
import { dayRange } from './dayRange.ts';
import { orderFactFrom } from './orderFactFrom.ts';
import { recordOrderFact } from './recordOrderFact.ts';

const stories: OrderStory[] = [
  {
    orderId: 'ord-1',
    currency: 'EUR',
    lines: [{ sku: 'MUG-LOGO', quantity: 2, unitPrice: 1250 }],
    placedAt: '2026-03-01T09:00:00.000Z',
    outcome: {
      kind: 'confirmed',
      at: '2026-03-01T09:00:01.000Z',
      shippedAt: '2026-03-03T09:00:00.000Z',
    },
  },
  {
    orderId: 'ord-2',
    currency: 'EUR',
    lines: [{ sku: 'CAP-BLUE', quantity: 1, unitPrice: 900 }],
    placedAt: '2026-03-03T08:00:00.000Z',
    outcome: {
      kind: 'confirmed',
      at: '2026-03-03T08:00:01.000Z',
      shippedAt: '2026-03-03T09:00:00.000Z',
    },
  },
  {
    orderId: 'ord-3',
    currency: 'GBP',
    lines: [{ sku: 'MUG-LOGO', quantity: 1, unitPrice: 1100 }],
    placedAt: '2026-03-01T23:59:59.000Z',
    outcome: { kind: 'rejected', at: '2026-03-02T00:00:00.500Z' },
  },
];

const HOUR = 3_600_000;

describe('dailyReport', () => {
  it('gives every day of the range, empty ones too, and the range as a whole', async () => {
    // Prepare
    const store = inMemoryFactStore();
    for (const event of stories.flatMap((story) => eventsOf(story))) {
      await recordOrderFact(orderFactFrom(event), store);
    }
    const checked = dayRange('2026-02-28', '2026-03-03');
    if (!checked.ok) throw new Error('a valid range');

    // Act
    const report = await dailyReport(checked.range, store);

    // Assess
    const empty = {
      orders: { placed: 0, confirmed: 0, rejected: 0, shipped: 0 },
      revenue: [],
      topSkus: [],
      leadTime: { orders: 0 },
    };
    expect(report).toEqual({
      from: '2026-02-28',
      to: '2026-03-03',
      days: [
        { date: '2026-02-28', ...empty },
        {
          date: '2026-03-01',
          orders: { placed: 2, confirmed: 1, rejected: 0, shipped: 0 },
          revenue: [{ currency: 'EUR', amount: 2500 }],
          reservationFailureRate: 0,
          topSkus: [{ sku: 'MUG-LOGO', units: 2, orders: 1 }],
          leadTime: { orders: 0 },
        },
        {
          date: '2026-03-02',
          ...empty,
          orders: { ...empty.orders, rejected: 1 },
          reservationFailureRate: 1,
        },
        {
          date: '2026-03-03',
          orders: { placed: 1, confirmed: 1, rejected: 0, shipped: 2 },
          revenue: [{ currency: 'EUR', amount: 900 }],
          reservationFailureRate: 0,
          topSkus: [{ sku: 'CAP-BLUE', units: 1, orders: 1 }],
          leadTime: { orders: 2, p50Ms: 1 * HOUR, p95Ms: 48 * HOUR },
        },
      ],
      total: {
        orders: { placed: 3, confirmed: 2, rejected: 1, shipped: 2 },
        revenue: [{ currency: 'EUR', amount: 3400 }],
        reservationFailureRate: 1 / 3,
        topSkus: [
          { sku: 'MUG-LOGO', units: 2, orders: 1 },
          { sku: 'CAP-BLUE', units: 1, orders: 1 },
        ],
        leadTime: { orders: 2, p50Ms: 1 * HOUR, p95Ms: 48 * HOUR },
      },
    });
  });
});
