/**
 * Stock of one SKU. `available = onHand - reserved` is kept as its own attribute because a
 * DynamoDB condition cannot do arithmetic, and "never below zero" has to be a condition.
 */
export interface StockLevel {
  readonly sku: string;
  /** Units physically in the warehouse: as last set by the stock admin, less what shipped since. */
  readonly onHand: number;
  /** Units held for orders (the sum of the item's holds). */
  readonly reserved: number;
  /** Units free to reserve: `onHand - reserved`, never negative. */
  readonly available: number;
}

/** Largest on-hand count the stock admin accepts. */
export const MAX_ON_HAND = 1_000_000;

/** One SKU to hold for one order. */
export interface StockHold {
  readonly sku: string;
  readonly orderId: string;
  readonly quantity: number;
}

/** What holding stock for an order did. */
export type HoldResult =
  /** Held now. */
  | { readonly kind: 'held' }
  /** An earlier attempt for the same order already holds it (a redelivery); nothing changed. */
  | { readonly kind: 'already-held' }
  /** Too little stock: nothing changed. `available` is what there was. */
  | { readonly kind: 'short'; readonly available: number }
  /** No stock item for the SKU: nothing changed; counts as nothing available. */
  | { readonly kind: 'unknown-sku' };

/**
 * Port: holds `quantity` units of a SKU for an order, atomically and only if that many are
 * available. Idempotent per (SKU, order): a second hold for the same order changes nothing.
 */
export type HoldStock = (hold: StockHold) => Promise<HoldResult>;

/**
 * Port: releases an order's hold on a SKU, giving back exactly what was held. Idempotent: with
 * no hold for that order it changes nothing and says `not-held`.
 */
export type ReleaseStock = (release: {
  readonly sku: string;
  readonly orderId: string;
}) => Promise<'released' | 'not-held'>;

/**
 * Port: turns an order's hold on a SKU into units gone from the warehouse: `onHand` and
 * `reserved` both fall by the units held (so `available` stays) and the hold is removed,
 * atomically and only if the hold is there. Idempotent: with no hold for that order (already
 * shipped, or never held) it changes nothing and says `not-held`.
 */
export type ShipHeldStock = (shipment: {
  readonly sku: string;
  readonly orderId: string;
}) => Promise<'shipped' | 'not-held'>;

/** Port: reads a SKU's stock (strongly consistent), or `undefined` for an unknown SKU. */
export type GetStockLevel = (sku: string) => Promise<StockLevel | undefined>;

/** What setting a SKU's on-hand count did. */
export type SetOnHandResult =
  | { readonly kind: 'set'; readonly level: StockLevel; readonly created: boolean }
  /** Refused: more units are reserved than the new count; `level` is the unchanged stock. */
  | { readonly kind: 'below-reserved'; readonly level: StockLevel };

/**
 * Port: sets a SKU's on-hand count (creating the item for a new SKU) and recomputes
 * `available`, atomically, unless the count is below what is reserved.
 */
export type SetOnHand = (sku: string, onHand: number) => Promise<SetOnHandResult>;
