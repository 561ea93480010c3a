import type { InventoryReservationFailedV1 } from '@conveyor/event-types';
import type { OrderRejection } from './audienceContact.ts';

/**
 * What marketing keeps of an `inventory.reservation-failed`: which order of which customer, and
 * when. Nothing else (no email, no items): most rejected orders had no marketing consent.
 */
export const orderRejectionFrom = (event: InventoryReservationFailedV1): OrderRejection => ({
  customerId: event.data.customer.customerId,
  orderId: event.aggregateId,
  eventId: event.eventId,
  rejectedAt: new Date(event.occurredAt).toISOString(),
});
