import { type CustomerUnsubscribedV1, REPLAY_WINDOW_SECONDS } from '@conveyor/event-types';
import { TransientError } from '@conveyor/lambda-toolkit';

/**
 * Marketing segments: by number of distinct orders, 1 → new, 2–4 → repeat, 5+ → loyal; a
 * newsletter subscriber who has not ordered yet is a subscriber.
 */
export const Segments = {
  Subscriber: 'subscriber',
  New: 'new',
  Repeat: 'repeat',
  Loyal: 'loyal',
} as const;

/** A marketing segment. */
export type Segment = (typeof Segments)[keyof typeof Segments];

/** The segment of a customer in the audience with `orderCount` distinct orders (0: subscriber). */
export const segmentOf = (orderCount: number): Segment => {
  if (orderCount >= 5) return Segments.Loyal;
  if (orderCount >= 2) return Segments.Repeat;
  if (orderCount === 1) return Segments.New;
  return Segments.Subscriber;
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

/** A newsletter subscription, from a `customer.registered` with consent. */
export interface NewsletterSubscription {
  readonly customerId: string;
  /** The `customer.registered` event; breaks ties between two registrations of one customer. */
  readonly eventId: string;
  /** When the customer registered, ISO-8601 in UTC. */
  readonly subscribedAt: string;
  readonly maskedEmail: string;
}

/** The subscription as kept on the contact. */
export type Subscribed = Omit<NewsletterSubscription, 'customerId'>;

/** An order inventory could not reserve (`inventory.reservation-failed`): it never counts. */
export interface OrderRejection {
  readonly customerId: string;
  readonly orderId: string;
  /** The `inventory.reservation-failed` event. */
  readonly eventId: string;
  /** When the reservation failed, ISO-8601 in UTC. */
  readonly rejectedAt: string;
}

/** A rejection as kept on the contact, under its order id. */
export type RejectedOrder = Omit<OrderRejection, 'customerId' | 'orderId'>;

/** The customer left the audience (the unsubscribe link). Nothing adds them back. */
export interface OptOut {
  /** When the customer unsubscribed: the event's `occurredAt`. */
  readonly at: string;
  /** The one `customer.unsubscribed` of this opt-out, stored with it so it is never lost. */
  readonly event: CustomerUnsubscribedV1;
  /** True until the event is known to be on the topic; the republisher sends it meanwhile. */
  readonly pending: boolean;
}

/**
 * What marketing keeps per customer id. `orders`, `rejectedOrders`, `newsletter` and `optOut`
 * are the facts; every other field is derived from them, so that applying the same facts in any
 * order, any number of times, gives the same record.
 *
 * The record is one of three things: a contact in the audience (counted orders or a newsletter
 * subscription), a customer who opted out (only the opt-out is kept), or a bare memory of
 * rejected orders whose `order.placed` may still come (no figures; it expires).
 */
export interface AudienceContact {
  readonly customerId: string;
  /** Masked email of the latest order or registration, for display. */
  readonly maskedEmail?: string;
  readonly firstOrderAt?: string;
  readonly lastOrderAt?: string;
  readonly orderCount: number;
  /** Sum of order totals per ISO currency, in minor units. */
  readonly lifetimeValue: Readonly<Record<string, number>>;
  /** Absent when the customer is not in the audience. */
  readonly segment?: Segment;
  /** Counted orders by order id (never a rejected one). */
  readonly orders: Readonly<Record<string, CountedOrder>>;
  /** Rejected orders by order id, so that a late `order.placed` of one is not counted. */
  readonly rejectedOrders?: Readonly<Record<string, RejectedOrder>>;
  readonly newsletter?: Subscribed;
  readonly optOut?: OptOut;
  /**
   * Epoch seconds after which DynamoDB may delete a record that only remembers rejected orders
   * of a customer outside the audience. Absent on every other record.
   */
  readonly expiresAt?: number;
  /** Optimistic-concurrency counter: the number of writes, not a business figure. */
  readonly version: number;
}

/** Port: reads a contact, or `undefined` if marketing keeps nothing for the customer. */
export type GetContact = (customerId: string) => Promise<AudienceContact | undefined>;

/**
 * Port: writes a contact if it is still at `expectedVersion` (0: it must not exist yet);
 * otherwise throws {@link ContactVersionConflictError}.
 */
export type SaveContact = (contact: AudienceContact, expectedVersion: number) => Promise<void>;

/** Port: clears the pending mark of a customer's opt-out once its event is on the topic. */
export type MarkOptOutPublished = (customerId: string) => Promise<void>;

/** Port: the opt-outs whose event may not be on the topic yet, oldest first, at most `limit`. */
export type ListPendingOptOuts = (
  limit: number,
) => Promise<readonly { readonly customerId: string; readonly optOut: OptOut }[]>;

/**
 * Someone else wrote the contact since it was read. Transient: reading and merging again
 * succeeds once the other writer is done.
 */
export class ContactVersionConflictError extends TransientError {
  public override readonly name = 'ContactVersionConflictError';

  public constructor(customerId: string, options?: ErrorOptions) {
    super(`Contact ${customerId} changed concurrently`, options);
  }
}

// How long a record that only remembers rejected orders is kept: as long as a copy of their
// `order.placed` can still arrive, a replay from the oldest archive and redrives included (424
// days). A shorter memory would count a rejected order that a late replay delivers.
const REJECTION_MEMORY_SECONDS = REPLAY_WINDOW_SECONDS;

/** Whether the customer is in the audience: not opted out, with an order or a subscription. */
export const isInAudience = (contact: AudienceContact): boolean =>
  contact.optOut === undefined && (contact.orderCount > 0 || contact.newsletter !== undefined);

// Two announcements of one fact (an order, a registration, a rejection) under different event
// ids: keep the earliest (then the smaller event id), a choice independent of arrival order.
const earliest = <T extends { readonly eventId: string }>(
  a: T,
  b: T,
  at: (value: T) => string,
): T => {
  if (at(a) !== at(b)) return at(a) < at(b) ? a : b;
  return a.eventId <= b.eventId ? a : b;
};

const sameFields = <T extends object>(a: T, b: T): boolean =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([key, value]) => (b as Record<string, unknown>)[key] === value);

/** The facts of a contact, from which {@link summariseContact} derives the rest. */
export interface ContactFacts {
  readonly orders: Readonly<Record<string, CountedOrder>>;
  readonly rejectedOrders?: Readonly<Record<string, RejectedOrder>> | undefined;
  readonly newsletter?: Subscribed | undefined;
  readonly optOut?: OptOut | undefined;
}

const factsOf = (contact: AudienceContact | undefined): ContactFacts => ({
  orders: contact?.orders ?? {},
  rejectedOrders: contact?.rejectedOrders,
  newsletter: contact?.newsletter,
  optOut: contact?.optOut,
});

const byTimeThenId =
  <T>(at: (value: T) => string) =>
  ([idA, a]: readonly [string, T], [idB, b]: readonly [string, T]): number => {
    if (at(a) !== at(b)) return at(a) < at(b) ? -1 : 1;
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  };

const expiryOf = (rejected: Readonly<Record<string, RejectedOrder>>): number | undefined => {
  const latest = Object.values(rejected).reduce<string | undefined>(
    (max, { rejectedAt }) => (max === undefined || rejectedAt > max ? rejectedAt : max),
    undefined,
  );
  if (latest === undefined) return undefined;
  return Math.floor(Date.parse(latest) / 1000) + REJECTION_MEMORY_SECONDS;
};

/** Derives every figure of a contact from its facts. */
export const summariseContact = (
  customerId: string,
  facts: ContactFacts,
  version: number,
): AudienceContact => {
  // An opted-out customer leaves the audience: only the opt-out is kept, nothing else counts.
  if (facts.optOut !== undefined) {
    return {
      customerId,
      orderCount: 0,
      lifetimeValue: {},
      orders: {},
      optOut: facts.optOut,
      version,
    };
  }
  // Sorted by time, then order id, so ties are broken the same way whatever the input order.
  const entries = Object.entries(facts.orders).toSorted(byTimeThenId((order) => order.placedAt));
  const first = entries[0];
  const last = entries.at(-1);
  const lifetimeValue: Record<string, number> = {};
  for (const [, order] of entries) {
    lifetimeValue[order.currency] = (lifetimeValue[order.currency] ?? 0) + order.total;
  }
  const rejected = Object.entries(facts.rejectedOrders ?? {}).toSorted(([a], [b]) =>
    a < b ? -1 : 1,
  );
  const { newsletter } = facts;
  // The latest of the last order and the registration; an order wins a tie.
  const maskedEmail =
    newsletter !== undefined && (last === undefined || newsletter.subscribedAt > last[1].placedAt)
      ? newsletter.maskedEmail
      : last?.[1].maskedEmail;
  const inAudience = entries.length > 0 || newsletter !== undefined;
  const expiresAt = inAudience ? undefined : expiryOf(Object.fromEntries(rejected));
  return {
    customerId,
    ...(maskedEmail === undefined ? {} : { maskedEmail }),
    ...(first === undefined ? {} : { firstOrderAt: first[1].placedAt }),
    ...(last === undefined ? {} : { lastOrderAt: last[1].placedAt }),
    orderCount: entries.length,
    lifetimeValue,
    ...(inAudience ? { segment: segmentOf(entries.length) } : {}),
    orders: Object.fromEntries(entries),
    ...(rejected.length === 0 ? {} : { rejectedOrders: Object.fromEntries(rejected) }),
    ...(newsletter === undefined ? {} : { newsletter }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
    version,
  };
};

const next = (
  customerId: string,
  contact: AudienceContact | undefined,
  facts: ContactFacts,
): AudienceContact => summariseContact(customerId, facts, (contact?.version ?? 0) + 1);

/** How an order changed a contact. */
export type ApplyOutcome = 'counted' | 'duplicate' | 'replaced' | 'rejected' | 'opted-out';

/**
 * Adds an order to a contact (or starts one). Idempotent and order-independent: a duplicate
 * changes nothing, two announcements of one order keep the earliest, a rejected order is never
 * counted and an opted-out customer is never counted again. When nothing changes, the same
 * `contact` object comes back.
 */
export const applyAudienceOrder = (
  contact: AudienceContact | undefined,
  order: AudienceOrder,
): { outcome: ApplyOutcome; contact: AudienceContact } => {
  const { customerId, orderId, ...counted } = order;
  if (contact?.optOut !== undefined) return { outcome: 'opted-out', contact };
  if (contact?.rejectedOrders?.[orderId] !== undefined) return { outcome: 'rejected', contact };
  const facts = factsOf(contact);
  const existing = facts.orders[orderId];
  if (contact !== undefined && existing !== undefined) {
    const kept = earliest(existing, counted, (o) => o.placedAt);
    if (sameFields(kept, existing)) return { outcome: 'duplicate', contact };
  }
  return {
    outcome: existing === undefined ? 'counted' : 'replaced',
    contact: next(customerId, contact, {
      ...facts,
      orders: { ...facts.orders, [orderId]: counted },
    }),
  };
};

/** How a registration changed a contact. */
export type SubscribeOutcome = 'subscribed' | 'duplicate' | 'replaced' | 'opted-out';

/**
 * Puts the customer on the newsletter (or starts their contact). Idempotent and
 * order-independent like {@link applyAudienceOrder}; an opted-out customer is never re-added.
 */
export const applyNewsletterSubscription = (
  contact: AudienceContact | undefined,
  subscription: NewsletterSubscription,
): { outcome: SubscribeOutcome; contact: AudienceContact } => {
  const { customerId, ...subscribed } = subscription;
  if (contact?.optOut !== undefined) return { outcome: 'opted-out', contact };
  const existing = contact?.newsletter;
  if (contact !== undefined && existing !== undefined) {
    const kept = earliest(existing, subscribed, (s) => s.subscribedAt);
    if (sameFields(kept, existing)) return { outcome: 'duplicate', contact };
  }
  return {
    outcome: existing === undefined ? 'subscribed' : 'replaced',
    contact: next(customerId, contact, { ...factsOf(contact), newsletter: subscribed }),
  };
};

/** How a rejected order changed a contact. */
export type RejectOutcome = 'uncounted' | 'remembered' | 'duplicate' | 'opted-out';

/**
 * Takes a rejected order out of the contact's figures (`uncounted`), or remembers it so that its
 * `order.placed`, if it comes later, is not counted (`remembered`). For a customer marketing
 * keeps nothing of, that memory is a record with no figures that expires: a rejection never puts
 * anyone in the audience, and most rejected orders had no consent and never will count.
 */
export const applyOrderRejection = (
  contact: AudienceContact | undefined,
  rejection: OrderRejection,
): { outcome: RejectOutcome; contact: AudienceContact } => {
  const { customerId, orderId, ...rejected } = rejection;
  if (contact?.optOut !== undefined) return { outcome: 'opted-out', contact };
  const facts = factsOf(contact);
  const existing = facts.rejectedOrders?.[orderId];
  if (contact !== undefined && existing !== undefined) {
    const kept = earliest(existing, rejected, (r) => r.rejectedAt);
    if (sameFields(kept, existing)) return { outcome: 'duplicate', contact };
  }
  const { [orderId]: uncounted, ...orders } = facts.orders;
  return {
    outcome: uncounted === undefined ? 'remembered' : 'uncounted',
    contact: next(customerId, contact, {
      ...facts,
      orders,
      rejectedOrders: { ...facts.rejectedOrders, [orderId]: rejected },
    }),
  };
};

/** How an unsubscribe changed a contact. */
export type OptOutOutcome = 'unsubscribed' | 'already-unsubscribed';

/**
 * Records the opt-out (with or without a contact yet): the customer leaves the audience, their
 * orders and subscription are forgotten, and nothing adds them back. A second opt-out keeps the
 * first, so one customer has one `customer.unsubscribed`.
 */
export const applyOptOut = (
  contact: AudienceContact | undefined,
  customerId: string,
  optOut: OptOut,
): { outcome: OptOutOutcome; contact: AudienceContact } => {
  if (contact?.optOut !== undefined) return { outcome: 'already-unsubscribed', contact };
  return { outcome: 'unsubscribed', contact: next(customerId, contact, { orders: {}, optOut }) };
};
