/** Options of `lostOrders`. */
export interface LostOrdersOptions {
  /** How long an accepted order must read 404 without a break to count as lost. */
  readonly lostAfterMs: number;
  /** The clock (tests). */
  readonly now?: () => number;
}

/** What `lostOrders` keeps: each read of an accepted order, and the orders lost so far. */
export interface LostOrders {
  /** Records one read of `orderId` (its HTTP status); true once the order counts as lost. */
  readonly observe: (orderId: string, status: number) => boolean;
  /** The orders lost so far. */
  readonly lost: () => ReadonlySet<string>;
}

/**
 * Tells which accepted orders checkout no longer knows. Checkout answers 201 only after its
 * write, so an order that then reads 404 was lost: with `--in-memory`, a restarted local cloud
 * starts empty. A bench that waited for such orders would wait out its whole deadline; a 404 must
 * last `lostAfterMs` so that a read racing a store in AWS (eventually consistent) is not counted.
 */
export const lostOrders = (options: LostOrdersOptions): LostOrders => {
  const now = options.now ?? Date.now;
  const missingSince = new Map<string, number>();
  const lost = new Set<string>();
  return {
    observe: (orderId, status) => {
      if (lost.has(orderId)) return true;
      if (status !== 404) {
        missingSince.delete(orderId);
        return false;
      }
      const since = missingSince.get(orderId) ?? now();
      missingSince.set(orderId, since);
      if (now() - since < options.lostAfterMs) return false;
      lost.add(orderId);
      return true;
    },
    lost: () => lost,
  };
};
