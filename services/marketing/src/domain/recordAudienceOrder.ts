import { type ApplyOutcome, applyAudienceOrder, type AudienceOrder } from './audienceContact.ts';
import { type ContactStore, updateContact } from './updateContact.ts';
import { type ContactSummary, summaryOf } from './contactSummary.ts';

/** The ports `recordAudienceOrder` needs. */
export type RecordAudienceOrderDeps = ContactStore;

/** What recording an order did, for logs. */
export type RecordAudienceOrderResult = ContactSummary<ApplyOutcome>;

/**
 * Upserts the customer's audience contact with one order (see {@link updateContact}): counted
 * once, never if inventory rejected it, never for a customer who opted out.
 */
export const recordAudienceOrder = async (
  order: AudienceOrder,
  deps: RecordAudienceOrderDeps,
): Promise<RecordAudienceOrderResult> =>
  summaryOf(
    await updateContact(
      { customerId: order.customerId, apply: (current) => applyAudienceOrder(current, order) },
      deps,
    ),
  );
