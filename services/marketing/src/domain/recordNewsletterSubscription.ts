import {
  applyNewsletterSubscription,
  type NewsletterSubscription,
  type SubscribeOutcome,
} from './audienceContact.ts';
import { type ContactSummary, summaryOf } from './contactSummary.ts';
import { type ContactStore, updateContact } from './updateContact.ts';

/**
 * Puts a registered, consenting customer on the newsletter (see {@link updateContact}): once,
 * and never back after they opted out.
 */
export const recordNewsletterSubscription = async (
  subscription: NewsletterSubscription,
  deps: ContactStore,
): Promise<ContactSummary<SubscribeOutcome>> =>
  summaryOf(
    await updateContact(
      {
        customerId: subscription.customerId,
        apply: (current) => applyNewsletterSubscription(current, subscription),
      },
      deps,
    ),
  );
