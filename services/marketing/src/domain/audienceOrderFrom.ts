import type { OrderPlacedV1 } from '@conveyor/event-types';
import type { AudienceOrder } from './audienceContact.ts';

/**
 * What marketing keeps of an `order.placed`: no name, no address, and the email only masked.
 * `undefined` when the customer did not opt in: the subscription filters those out, but consent
 * must not depend on a filter policy alone.
 */
export const audienceOrderFrom = (
  event: OrderPlacedV1,
  maskEmail: (email: string) => string,
): AudienceOrder | undefined => {
  if (!event.data.marketingOptIn) return undefined;
  return {
    customerId: event.data.customer.customerId,
    orderId: event.aggregateId,
    eventId: event.eventId,
    // Normalised to UTC so that stored times compare as strings whatever offset the producer used.
    placedAt: new Date(event.occurredAt).toISOString(),
    currency: event.data.currency,
    total: event.data.total,
    maskedEmail: maskEmail(event.data.customer.email),
  };
};
