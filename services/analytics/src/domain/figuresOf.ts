import { type DayEntry, FactKinds } from './orderFact.ts';

/** How many SKUs the figures list, by units confirmed. */
export const TOP_SKUS = 5;

/** Money in minor units of one currency. */
export interface Amount {
  readonly currency: string;
  readonly amount: number;
}

/** A SKU's confirmed units, and in how many orders. */
export interface SkuFigure {
  readonly sku: string;
  readonly units: number;
  readonly orders: number;
}

/** The figures of a set of day entries: one day's, or a range's. */
export interface Figures {
  /** Distinct orders with each fact in the period. */
  readonly orders: {
    readonly placed: number;
    readonly confirmed: number;
    readonly rejected: number;
    readonly shipped: number;
  };
  /** The totals of the orders confirmed in the period, per currency (sorted by currency). */
  readonly revenue: readonly Amount[];
  /** rejected / (confirmed + rejected); absent when no reservation was decided. */
  readonly reservationFailureRate?: number;
  /** The most confirmed units first (then more orders, then by SKU), at most {@link TOP_SKUS}. */
  readonly topSkus: readonly SkuFigure[];
  /** Placed→shipped lead time of the orders shipped in the period, nearest-rank percentiles. */
  readonly leadTime: {
    /** How many shipped orders it covers: those whose placement is known. */
    readonly orders: number;
    readonly p50Ms?: number;
    readonly p95Ms?: number;
  };
}

/**
 * The nearest-rank percentile `p` (0-100] of ascending `sorted` values: the smallest value with
 * at least p% of the values at or below it. Always one of the values, so it is exact.
 *
 * @example
 * ```ts
 * percentile([10, 20, 30, 40], 50); // 20
 * percentile([10, 20, 30, 40], 95); // 40
 * ```
 */
export const percentile = (sorted: readonly number[], p: number): number | undefined =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * The figures of `entries` (a day's, or several days' together). They depend only on the set of
 * entries, not on their order: counts, sums and sorted lists.
 */
export const figuresOf = (entries: readonly DayEntry[]): Figures => {
  const orders = { placed: 0, confirmed: 0, rejected: 0, shipped: 0 };
  const revenue = new Map<string, number>();
  const skus = new Map<string, { units: number; orders: number }>();
  const leadTimes: number[] = [];
  for (const entry of entries) {
    switch (entry.kind) {
      case FactKinds.Placed:
      case FactKinds.Rejected:
      case FactKinds.Shipped:
        orders[entry.kind] += 1;
        break;
      case FactKinds.Confirmed:
        orders.confirmed += 1;
        revenue.set(entry.currency, (revenue.get(entry.currency) ?? 0) + entry.total);
        for (const { sku, quantity } of entry.lines) {
          const figure = skus.get(sku) ?? { units: 0, orders: 0 };
          skus.set(sku, { units: figure.units + quantity, orders: figure.orders + 1 });
        }
        break;
      case 'leadTime':
        leadTimes.push(entry.leadTimeMs);
        break;
    }
  }
  const decided = orders.confirmed + orders.rejected;
  const sortedLeadTimes = leadTimes.toSorted((a, b) => a - b);
  const p50Ms = percentile(sortedLeadTimes, 50);
  const p95Ms = percentile(sortedLeadTimes, 95);
  return {
    orders,
    revenue: [...revenue]
      .toSorted(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, amount]) => ({ currency, amount })),
    ...(decided === 0 ? {} : { reservationFailureRate: orders.rejected / decided }),
    topSkus: [...skus]
      .map(([sku, figure]) => ({ sku, ...figure }))
      .toSorted((a, b) => b.units - a.units || b.orders - a.orders || (a.sku < b.sku ? -1 : 1))
      .slice(0, TOP_SKUS),
    leadTime: {
      orders: sortedLeadTimes.length,
      ...(p50Ms === undefined ? {} : { p50Ms }),
      ...(p95Ms === undefined ? {} : { p95Ms }),
    },
  };
};
