import type { EventOf } from '@conveyor/event-types';
import { FactKinds, type OrderFact, utcDay } from './orderFact.ts';

/** An event queue `analyticsOrderFlow` delivers: what its subscriptions let through. */
export type OrderFlowEvent =
  | EventOf<'order.placed'>
  | EventOf<'inventory.reserved'>
  | EventOf<'inventory.reservation-failed'>
  | EventOf<'shipment.created'>;

/**
 * The order fact an event announces; `aggregateId` is the order id on every one of them. Only
 * what the figures need is kept: the customer, addresses and names never get further.
 */
export const orderFactFrom = (event: OrderFlowEvent): OrderFact => {
  // Events carry an offset; the day and the ordering of times are UTC.
  const occurredAt = new Date(event.occurredAt).toISOString();
  const base = {
    orderId: event.aggregateId,
    eventId: event.eventId,
    occurredAt,
    day: utcDay(occurredAt),
  };
  switch (event.eventType) {
    case 'order.placed':
      return { ...base, kind: FactKinds.Placed };
    case 'inventory.reserved':
      return {
        ...base,
        kind: FactKinds.Confirmed,
        currency: event.data.currency,
        total: event.data.total,
        lines: event.data.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      };
    case 'inventory.reservation-failed':
      return { ...base, kind: FactKinds.Rejected };
    case 'shipment.created':
      return { ...base, kind: FactKinds.Shipped };
  }
};
