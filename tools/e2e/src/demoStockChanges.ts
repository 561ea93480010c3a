/** An order line of the demo, with the status its scenario is there to show. */
export interface DemoLine {
  readonly sku: string;
  readonly quantity: number;
  readonly expected: 'SHIPPED' | 'REJECTED';
}

/** A SKU's stock as inventory answers it. */
export interface DemoStock {
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
}

/** An on-hand count to set before the demo places its orders, and why. */
export interface DemoStockChange {
  readonly sku: string;
  readonly onHand: number;
  readonly reason: string;
}

/**
 * The on-hand counts to set so that each of the demo's orders can end as its scenario says: enough
 * available for all the lines meant to ship, less than the smallest line meant to be rejected.
 * An earlier run, a bench or an operator may have moved the stock since it was seeded. A SKU the
 * demo both ships and rejects is left as it is: no count serves both.
 *
 * @example
 * ```ts
 * for (const change of demoStockChanges(lines, stockBefore)) await api.setStock(change.sku, change.onHand);
 * ```
 */
export const demoStockChanges = (
  lines: readonly DemoLine[],
  stock: ReadonlyMap<string, DemoStock>,
): DemoStockChange[] =>
  [...new Set(lines.map((line) => line.sku))].flatMap((sku): DemoStockChange[] => {
    const current = stock.get(sku);
    if (current === undefined) return [];
    const own = lines.filter((line) => line.sku === sku);
    const toShip = own
      .filter((line) => line.expected === 'SHIPPED')
      .reduce((units, line) => units + line.quantity, 0);
    const toReject = own
      .filter((line) => line.expected === 'REJECTED')
      .map((line) => line.quantity);
    if (toShip > 0 && toReject.length > 0) return [];
    if (toShip > current.available) {
      return [
        {
          sku,
          // Room for a few runs more, as the benches leave.
          onHand: current.reserved + toShip + 10,
          reason: `${String(current.available)} available, the orders meant to ship need ${String(toShip)}`,
        },
      ];
    }
    const smallest = Math.min(...toReject);
    if (toReject.length > 0 && current.available >= smallest) {
      return [
        {
          sku,
          onHand: current.reserved + smallest - 1,
          reason: `${String(current.available)} available, enough for the order meant to be rejected (${String(smallest)})`,
        },
      ];
    }
    return [];
  });
