import { TransientError } from '@conveyor/lambda-toolkit';

/** Marketing segments by number of distinct orders: 1 → new, 2–4 → repeat, 5+ → loyal. */
export const Segments = {
  New: 'new',
  Repeat: 'repeat',
  Loyal: 'loyal',
} as const;

/** A marketing segment. */
export type Segment = (typeof Segments)[keyof typeof Segments];

/** The segment of a customer with `orderCount` distinct orders (at least 1). */
export const segmentOf = (orderCount: number): Segment => {
  if (orderCount >= 5) return Segments.Loyal;
  if (orderCount >= 2) return Segments.Repeat;
  return Segments.New;
};

/** One opted-in order, as marketing counts it. The full email never gets this far. */
export interface AudienceOrder {
  readonly customerId: string;
  readonly orderId: string;
  /** The `order.placed` event that announced it; breaks ties between two events of one order. */
  readonly eventId: string;
  /** When the order was placed, ISO-8601 in UTC (`toISOString`), so that strings sort by time. */
  readonly placedAt: string;
  readonly currency: string;
  /** Order total in minor units of `currency`. */
  readonly total: number;
  readonly maskedEmail: string;
}

/** An order counted on a contact: the `AudienceOrder` without the keys it is stored under. */
export type CountedOrder = Omit<AudienceOrder, 'customerId' | 'orderId'>;

/**
 * A customer in the marketing audience. `orders` is the source of truth; every other figure is
 * derived from it, so that applying the same orders in any order, any number of times, gives
 * the same contact.
 */
export interface AudienceContact {
  readonly customerId: string;
  /** Masked email of the customer's latest order, for display. */
  readonly maskedEmail: string;
  readonly firstOrderAt: string;
  readonly lastOrderAt: string;
  readonly orderCount: number;
  /** Sum of order totals per ISO currency, in minor units. */
  readonly lifetimeValue: Readonly<Record<string, number>>;
  readonly segment: Segment;
  /** Counted orders by order id. */
  readonly orders: Readonly<Record<string, CountedOrder>>;
  /** Optimistic-concurrency counter: the number of writes, not a business figure. */
  readonly version: number;
}

/** Port: reads a contact, or `undefined` if the customer is not in the audience. */
export type GetContact = (customerId: string) => Promise<AudienceContact | undefined>;

/**
 * Port: writes a contact if it is still at `expectedVersion` (0: it must not exist yet);
 * otherwise throws {@link ContactVersionConflictError}.
 */
export type SaveContact = (contact: AudienceContact, expectedVersion: number) => Promise<void>;

/**
 * Someone else wrote the contact since it was read. Transient: reading and merging again
 * succeeds once the other writer is done.
 */
export class ContactVersionConflictError extends TransientError {
  public constructor(customerId: string, options?: ErrorOptions) {
    super(`Contact ${customerId} changed concurrently`, options);
  }
}

// The same order announced twice under different event ids is one fact: keep the earliest
// announcement (then the smaller event id), a choice that does not depend on arrival order.
const preferred = (a: CountedOrder, b: CountedOrder): CountedOrder => {
  if (a.placedAt !== b.placedAt) return a.placedAt < b.placedAt ? a : b;
  return a.eventId <= b.eventId ? a : b;
};

const sameCounted = (a: CountedOrder, b: CountedOrder): boolean =>
  a.eventId === b.eventId &&
  a.placedAt === b.placedAt &&
  a.currency === b.currency &&
  a.total === b.total &&
  a.maskedEmail === b.maskedEmail;

/** Derives every figure of a contact from its counted orders. `orders` must not be empty. */
export const summariseContact = (
  customerId: string,
  orders: Readonly<Record<string, CountedOrder>>,
  version: number,
): AudienceContact => {
  // Sorted by time, then order id, so ties are broken the same way whatever the input order.
  const entries = Object.entries(orders).toSorted(([idA, a], [idB, b]) =>
    a.placedAt === b.placedAt ? (idA < idB ? -1 : 1) : a.placedAt < b.placedAt ? -1 : 1,
  );
  const first = entries[0];
  const last = entries.at(-1);
  if (first === undefined || last === undefined)
    throw new Error(`Contact ${customerId} has no orders`);
  const lifetimeValue: Record<string, number> = {};
  for (const [, order] of entries) {
    lifetimeValue[order.currency] = (lifetimeValue[order.currency] ?? 0) + order.total;
  }
  return {
    customerId,
    maskedEmail: last[1].maskedEmail,
    firstOrderAt: first[1].placedAt,
    lastOrderAt: last[1].placedAt,
    orderCount: entries.length,
    lifetimeValue,
    segment: segmentOf(entries.length),
    orders: Object.fromEntries(entries),
    version,
  };
};

/** How an order changed a contact. */
export type ApplyOutcome = 'counted' | 'duplicate' | 'replaced';

/**
 * Adds an order to a contact (or starts one). Idempotent and order-independent: a duplicate
 * changes nothing, and two announcements of one order keep the earliest.
 */
export const applyAudienceOrder = (
  contact: AudienceContact | undefined,
  order: AudienceOrder,
): { outcome: ApplyOutcome; contact: AudienceContact } => {
  const { customerId, orderId, ...counted } = order;
  const orders = contact?.orders ?? {};
  const existing = orders[orderId];
  if (contact !== undefined && existing !== undefined) {
    const kept = preferred(existing, counted);
    if (sameCounted(kept, existing)) return { outcome: 'duplicate', contact };
  }
  return {
    outcome: existing === undefined ? 'counted' : 'replaced',
    contact: summariseContact(
      customerId,
      { ...orders, [orderId]: counted },
      (contact?.version ?? 0) + 1,
    ),
  };
};
