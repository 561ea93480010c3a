import type { CustomerRegisteredV1 } from '@conveyor/event-types';
import type { NewsletterSubscription } from './audienceContact.ts';

/**
 * What marketing keeps of a `customer.registered`: the ids, the time and only a masked email; no
 * name. `undefined` when the customer did not consent: the subscription filters those out, but
 * consent must not depend on a filter policy alone.
 */
export const newsletterSubscriptionFrom = (
  event: CustomerRegisteredV1,
  maskEmail: (email: string) => string,
): NewsletterSubscription | undefined => {
  if (!event.data.marketingOptIn) return undefined;
  return {
    customerId: event.data.customer.customerId,
    eventId: event.eventId,
    // Normalised to UTC so that stored times compare as strings whatever offset the producer used.
    subscribedAt: new Date(event.occurredAt).toISOString(),
    maskedEmail: maskEmail(event.data.customer.email),
  };
};
