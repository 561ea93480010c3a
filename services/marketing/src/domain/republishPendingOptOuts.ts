import type { CustomerUnsubscribedV1 } from '@conveyor/event-types';
import type { ListPendingOptOuts, MarkOptOutPublished } from './audienceContact.ts';
import { announceOptOut } from './unsubscribeCustomer.ts';

/** The ports `republishPendingOptOuts` needs. */
export interface RepublishOptOutsDeps {
  readonly listPendingOptOuts: ListPendingOptOuts;
  readonly publishEvent: (event: CustomerUnsubscribedV1) => Promise<void>;
  readonly markOptOutPublished: MarkOptOutPublished;
  readonly onPublishFailed: (customerId: string, eventId: string, error: unknown) => void;
}

/**
 * Publishes the stored `customer.unsubscribed` of every opt-out still pending, unchanged (same
 * eventId, so a copy of a publish that did go through is dropped downstream), then clears the
 * mark. A failure leaves that opt-out pending for the next run and does not stop the others.
 * Takes at most `limit` opt-outs (100 by default) a run.
 */
export const republishPendingOptOuts = async (
  { limit = 100 }: { readonly limit?: number },
  deps: RepublishOptOutsDeps,
): Promise<{ republished: string[]; failed: string[] }> => {
  const pending = await deps.listPendingOptOuts(limit);
  const republished: string[] = [];
  const failed: string[] = [];
  for (const { customerId, optOut } of pending) {
    const done = await announceOptOut({ customerId, event: optOut.event }, deps);
    (done ? republished : failed).push(customerId);
  }
  return { republished, failed };
};
