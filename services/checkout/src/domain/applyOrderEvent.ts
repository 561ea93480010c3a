import type { ConveyorEvent } from '@conveyor/event-types';
import { type Order, type OrderStatus, OrderStatuses } from './order.ts';

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
): { outcome: ApplyOutcome; order: Order } => {
  const target = targetOf(event);
  if (target === undefined) return { outcome: 'not-a-status-event', order };
  if (order.timeline.some((entry) => entry.eventId === event.eventId))
    return { outcome: 'duplicate', order };
  const current = order.status;
  const forward =
    current !== OrderStatuses.Rejected &&
    RANK[target] > RANK[current] &&
    !(target === OrderStatuses.Rejected && current !== OrderStatuses.Placed);
  if (!forward) return { outcome: 'late', order };
  return {
    outcome: 'moved',
    order: {
      ...order,
      status: target,
      timeline: [
        ...order.timeline,
        { status: target, at: event.occurredAt, eventId: event.eventId },
      ],
      updatedAt: event.occurredAt,
      version: order.version + 1,
    },
  };
};
