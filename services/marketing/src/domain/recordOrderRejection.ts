import { applyOrderRejection, type OrderRejection, type RejectOutcome } from './audienceContact.ts';
import { type ContactSummary, summaryOf } from './contactSummary.ts';
import { type ContactStore, updateContact } from './updateContact.ts';

/**
 * Leaves a rejected order out of the customer's figures, whether its `order.placed` was counted
 * already or comes later (see {@link applyOrderRejection} and {@link updateContact}).
 */
export const recordOrderRejection = async (
  rejection: OrderRejection,
  deps: ContactStore,
): Promise<ContactSummary<RejectOutcome>> =>
  summaryOf(
    await updateContact(
      {
        customerId: rejection.customerId,
        apply: (current) => applyOrderRejection(current, rejection),
      },
      deps,
    ),
  );
