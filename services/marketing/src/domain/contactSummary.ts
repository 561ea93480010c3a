import type { Segment } from './audienceContact.ts';
import type { ContactUpdate } from './updateContact.ts';

/** What a change did to a contact, for logs: ids and counts only. */
export interface ContactSummary<TOutcome extends string> {
  readonly outcome: TOutcome;
  readonly customerId: string;
  readonly orderCount: number;
  /** Absent when the customer is not in the audience. */
  readonly segment?: Segment;
  readonly attempts: number;
}

/** The {@link ContactSummary} of an update. */
export const summaryOf = <TOutcome extends string>({
  outcome,
  contact,
  attempts,
}: ContactUpdate<TOutcome>): ContactSummary<TOutcome> => ({
  outcome,
  customerId: contact.customerId,
  orderCount: contact.orderCount,
  ...(contact.segment === undefined ? {} : { segment: contact.segment }),
  attempts,
});
