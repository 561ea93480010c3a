import type { ConveyorEvent } from '@conveyor/event-types';
import {
  type Order,
  type OrderStatus,
  OrderStatuses,
  type RecordedTimelineEntry,
} from './order.ts';

// How far along each status is. REJECTED is terminal, so nothing may follow it.
const RANK: Readonly<Record<OrderStatus, number>> = {
  PLACED: 0,
  CONFIRMED: 1,
  REJECTED: 3,
  SHIPPED: 2,
};

const targetOf = (event: ConveyorEvent): OrderStatus | undefined => {
  switch (event.eventType) {
    case 'inventory.reserved':
      return OrderStatuses.Confirmed;
    case 'inventory.reservation-failed':
      return OrderStatuses.Rejected;
    case 'shipment.created':
      return OrderStatuses.Shipped;
    case 'order.placed':
    case 'customer.registered':
    case 'customer.unsubscribed':
      return undefined;
  }
};

// The one rule of what may follow what.
const movesForward = (current: OrderStatus, target: OrderStatus): boolean =>
  current !== OrderStatuses.Rejected &&
  RANK[target] > RANK[current] &&
  !(target === OrderStatuses.Rejected && current !== OrderStatuses.Placed);

const entryFor = (
  event: ConveyorEvent,
  target: OrderStatus,
  recordedAt: Date,
): RecordedTimelineEntry => ({
  status: target,
  at: event.occurredAt,
  eventId: event.eventId,
  recordedAt: recordedAt.toISOString(),
});

/** The status change an event asks for: the statuses it may move an order from, and its step. */
export interface StatusChange {
  readonly from: readonly OrderStatus[];
  readonly entry: RecordedTimelineEntry;
}

/**
 * The change `event` makes to an order whose status is one of `from`, derived from the same rule
 * as `applyOrderEvent`, so that a store can make it in one conditional write without reading the
 * order first. Undefined for an event that moves no order.
 */
export const statusChangeFor = (
  event: ConveyorEvent,
  recordedAt: Date,
): StatusChange | undefined => {
  const target = targetOf(event);
  if (target === undefined) return undefined;
  return {
    from: Object.values(OrderStatuses).filter((current) => movesForward(current, target)),
    entry: entryFor(event, target, recordedAt),
  };
};

/** Why an event did or did not move an order. */
export type ApplyOutcome = 'moved' | 'duplicate' | 'late' | 'not-a-status-event';

/**
 * Applies a downstream event to an order. Status only moves forward
 * (PLACED → CONFIRMED → SHIPPED, or PLACED → REJECTED): a duplicate (same eventId) or a late
 * event (one whose status is not ahead of the current one) changes nothing. A shipment that
 * arrives before its reservation still ends SHIPPED, and the late reservation is ignored.
 */
export const applyOrderEvent = (
  order: Order,
  event: ConveyorEvent,
  recordedAt: Date,
): { outcome: ApplyOutcome; order: Order } => {
  const target = targetOf(event);
  if (target === undefined) return { outcome: 'not-a-status-event', order };
  if (order.timeline.some((entry) => entry.eventId === event.eventId))
    return { outcome: 'duplicate', order };
  if (!movesForward(order.status, target)) return { outcome: 'late', order };
  return {
    outcome: 'moved',
    order: {
      ...order,
      status: target,
      timeline: [...order.timeline, entryFor(event, target, recordedAt)],
      updatedAt: recordedAt.toISOString(),
      version: order.version + 1,
    },
  };
};
