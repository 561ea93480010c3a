import type { OrderPlacedV1 } from '@conveyor/event-types';

/** Where an order is. It only ever moves forward. */
export const OrderStatuses = {
  Placed: 'PLACED',
  Confirmed: 'CONFIRMED',
  Rejected: 'REJECTED',
  Shipped: 'SHIPPED',
} as const;

/** An order status. */
export type OrderStatus = (typeof OrderStatuses)[keyof typeof OrderStatuses];

/** One step of an order's history: the status it reached, when, and which event moved it. */
export interface TimelineEntry {
  readonly status: OrderStatus;
  /** When the step happened: the event's `occurredAt`. */
  readonly at: string;
  readonly eventId: string;
  /**
   * When checkout recorded the step: the order read this status from then on. Later than `at` by
   * the event's way through its topic and queue, minutes later after a fault. Absent from
   * entries recorded before it was kept.
   */
  readonly recordedAt?: string;
}

/** A step checkout records now: it always says when. */
export type RecordedTimelineEntry = TimelineEntry & { readonly recordedAt: string };

/** A priced order line. */
export interface OrderLine {
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly lineTotal: number;
}

/** An order as checkout keeps it. */
export interface Order {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly timeline: readonly TimelineEntry[];
  readonly lines: readonly OrderLine[];
  readonly currency: string;
  readonly total: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The `order.placed` event, kept with the order so that it can be republished unchanged. */
  readonly placedEvent: OrderPlacedV1;
  /** True until `order.placed` is known to be on the topic. */
  readonly unpublished: boolean;
  /** Optimistic-concurrency counter. */
  readonly version: number;
  /**
   * Set when the order was placed under an `Idempotency-Key` (its id then derives from the key):
   * the request's fingerprint, which tells a retry of that request from a reuse of the key.
   */
  readonly requestFingerprint?: string;
}

/** Port: stores a new order unless one with its id exists, and says which happened. */
export type SaveNewOrder = (order: Order) => Promise<'created' | 'exists'>;

/** Port: clears the unpublished mark once the event is on the topic. */
export type MarkOrderPublished = (orderId: string) => Promise<void>;

/** Port: reads an order. */
export type GetOrder = (orderId: string) => Promise<Order | undefined>;

/**
 * Port: in one atomic check-and-set, and only if the order exists and its status is one of
 * `from`, sets its status to `entry.status`, appends `entry` to its timeline, sets `updatedAt`
 * to `entry.at` and increments its version. `'refused'` when the order is missing or at another
 * status (nothing written).
 */
export type AdvanceOrderStatus = (change: {
  readonly orderId: string;
  readonly from: readonly OrderStatus[];
  readonly entry: RecordedTimelineEntry;
}) => Promise<'moved' | 'refused'>;

/** Port: lists orders whose event may not be on the topic yet, oldest first. */
export type ListUnpublishedOrders = (limit: number) => Promise<readonly Order[]>;
