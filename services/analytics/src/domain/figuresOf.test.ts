import { describe, expect, it } from 'vitest';
import { figuresOf, percentile } from './figuresOf.ts';
import type { DayEntry } from './orderFact.ts';

const at = '2026-03-01T10:00:00.000Z';
const day = '2026-03-01';
const fact = (kind: 'placed' | 'rejected' | 'shipped', orderId: string): DayEntry => ({
  kind,
  orderId,
  eventId: `evt-${kind}-${orderId}`,
  occurredAt: at,
  day,
});
const confirmed = (
  orderId: string,
  currency: string,
  total: number,
  lines: { sku: string; quantity: number }[],
): DayEntry => ({
  kind: 'confirmed',
  orderId,
  eventId: `evt-c-${orderId}`,
  occurredAt: at,
  day,
  currency,
  total,
  lines,
});
const leadTime = (orderId: string, leadTimeMs: number): DayEntry => ({
  kind: 'leadTime',
  orderId,
  day,
  placedAt: at,
  shippedAt: new Date(Date.parse(at) + leadTimeMs).toISOString(),
  leadTimeMs,
});

describe('percentile', () => {
  it.each([
    [[10, 20, 30, 40], 50, 20],
    [[10, 20, 30, 40], 95, 40],
    [[7], 50, 7],
    [[7], 95, 7],
    [Array.from({ length: 20 }, (_, i) => i + 1), 95, 19],
    [Array.from({ length: 20 }, (_, i) => i + 1), 50, 10],
  ])('of %j at p%d is %d (nearest rank)', (values, p, expected) => {
    // Prepare
    const sorted = values.toSorted((a, b) => a - b);

    // Act
    const value = percentile(sorted, p);

    // Assess
    expect(value).toBe(expected);
  });

  it('is undefined without values', () => {
    // Prepare
    const sorted: number[] = [];

    // Act
    const value = percentile(sorted, 50);

    // Assess
    expect(value).toBeUndefined();
  });
});

describe('figuresOf', () => {
  it('counts orders, sums revenue per currency, ranks SKUs and takes lead-time percentiles', () => {
    // Prepare
    const entries = [
      fact('placed', 'o1'),
      fact('placed', 'o2'),
      fact('placed', 'o3'),
      confirmed('o1', 'EUR', 5000, [{ sku: 'MUG-LOGO', quantity: 2 }]),
      confirmed('o2', 'GBP', 1999, [
        { sku: 'TSHIRT-RED-M', quantity: 1 },
        { sku: 'MUG-LOGO', quantity: 1 },
      ]),
      confirmed('o4', 'EUR', 250, [{ sku: 'CAP-BLUE', quantity: 3 }]),
      fact('rejected', 'o3'),
      fact('shipped', 'o0'),
      fact('shipped', 'o1'),
      leadTime('o0', 90_000),
      leadTime('o1', 30_000),
    ];

    // Act
    const figures = figuresOf(entries);

    // Assess
    expect(figures).toEqual({
      orders: { placed: 3, confirmed: 3, rejected: 1, shipped: 2 },
      revenue: [
        { currency: 'EUR', amount: 5250 },
        { currency: 'GBP', amount: 1999 },
      ],
      reservationFailureRate: 0.25,
      topSkus: [
        { sku: 'MUG-LOGO', units: 3, orders: 2 },
        { sku: 'CAP-BLUE', units: 3, orders: 1 },
        { sku: 'TSHIRT-RED-M', units: 1, orders: 1 },
      ],
      leadTime: { orders: 2, p50Ms: 30_000, p95Ms: 90_000 },
    });
  });

  it('lists at most 5 SKUs, by units, then orders, then SKU', () => {
    // Prepare
    const entries = ['F', 'E', 'D', 'C', 'B', 'A'].map((letter, index) =>
      confirmed(`o${letter}`, 'EUR', 100, [{ sku: `SKU-${letter}`, quantity: index < 2 ? 1 : 2 }]),
    );

    // Act
    const { topSkus } = figuresOf(entries);

    // Assess
    expect(topSkus.map((s) => s.sku)).toEqual(['SKU-A', 'SKU-B', 'SKU-C', 'SKU-D', 'SKU-E']);
  });

  it('is all zero for a day without facts, with no rate and no percentiles', () => {
    // Prepare
    const entries: DayEntry[] = [];

    // Act
    const figures = figuresOf(entries);

    // Assess
    expect(figures).toEqual({
      orders: { placed: 0, confirmed: 0, rejected: 0, shipped: 0 },
      revenue: [],
      topSkus: [],
      leadTime: { orders: 0 },
    });
  });
});
