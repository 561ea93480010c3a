/**
 * The business facts analytics counts, one per order and kind: the order was placed, its stock
 * reserved (confirmed) or refused (rejected), and it was shipped. Each is filed under the UTC day
 * it happened.
 */
export const FactKinds = {
  Placed: 'placed',
  Confirmed: 'confirmed',
  Rejected: 'rejected',
  Shipped: 'shipped',
} as const;

/** A kind of order fact. */
export type FactKind = (typeof FactKinds)[keyof typeof FactKinds];

/** Units of one SKU in a confirmed order. */
export interface SkuUnits {
  readonly sku: string;
  readonly quantity: number;
}

interface FactBase {
  readonly orderId: string;
  /** The event that announced the fact; kept to trace a figure back to its event. */
  readonly eventId: string;
  /** When it happened, ISO-8601 in UTC (`toISOString`), so that strings sort by time. */
  readonly occurredAt: string;
  /** The UTC day of `occurredAt`, `YYYY-MM-DD`: the day it counts on. */
  readonly day: string;
}

/** One order fact, from one event. No personal data: no customer, email or address. */
export type OrderFact =
  | (FactBase & { readonly kind: typeof FactKinds.Placed })
  | (FactBase & {
      readonly kind: typeof FactKinds.Confirmed;
      readonly currency: string;
      /** The order's total in minor units of `currency`. */
      readonly total: number;
      readonly lines: readonly SkuUnits[];
    })
  | (FactBase & { readonly kind: typeof FactKinds.Rejected })
  | (FactBase & { readonly kind: typeof FactKinds.Shipped });

/**
 * An order's placed→shipped lead time, filed under the day it shipped. Derived from the two
 * facts, so whichever of them completes the pair writes the same entry.
 */
export interface LeadTimeEntry {
  readonly kind: 'leadTime';
  readonly orderId: string;
  readonly day: string;
  readonly placedAt: string;
  readonly shippedAt: string;
  readonly leadTimeMs: number;
}

/** What a day holds: its facts and the lead times of the orders shipped that day. */
export type DayEntry = OrderFact | LeadTimeEntry;

/** When an order was placed and shipped, as far as analytics knows yet. */
export interface Milestones {
  readonly placedAt?: string;
  readonly shippedAt?: string;
}

/** A milestone of an order. */
export type Milestone = keyof Milestones;

/**
 * Stores an entry under its day and kind for its order, unless one is there already (a
 * conditional write): `duplicate` then, and nothing changes.
 */
export type SaveDayEntry = (entry: DayEntry) => Promise<'recorded' | 'duplicate'>;

/**
 * Sets an order's milestone unless it is set already, in one atomic write, and returns both
 * milestones as they are after it.
 */
export type NoteMilestone = (
  orderId: string,
  milestone: Milestone,
  at: string,
) => Promise<Milestones>;

/** Every entry of a day. */
export type ListDayEntries = (day: string) => Promise<DayEntry[]>;

/** The UTC day of an instant, `YYYY-MM-DD`. */
export const utcDay = (instant: string): string => new Date(instant).toISOString().slice(0, 10);

/** The lead time of an order placed at `placedAt` and shipped at `shippedAt`, both UTC ISO. */
export const leadTimeEntry = (
  orderId: string,
  placedAt: string,
  shippedAt: string,
): LeadTimeEntry => ({
  kind: 'leadTime',
  orderId,
  day: utcDay(shippedAt),
  placedAt,
  shippedAt,
  leadTimeMs: Date.parse(shippedAt) - Date.parse(placedAt),
});
