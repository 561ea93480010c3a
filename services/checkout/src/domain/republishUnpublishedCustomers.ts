import type { CustomerRegisteredV1 } from '@conveyor/event-types';
import type { ListUnpublishedCustomers, MarkCustomerPublished } from './customer.ts';

/** The ports `republishUnpublishedCustomers` needs. */
export interface RepublishCustomersDeps {
  readonly listUnpublishedCustomers: ListUnpublishedCustomers;
  readonly publishCustomerEvent: (event: CustomerRegisteredV1) => Promise<void>;
  readonly markCustomerPublished: MarkCustomerPublished;
}

/**
 * Publishes the stored `customer.registered` of every customer still marked unpublished,
 * unchanged (same eventId, so consumers deduplicate if the first publish did go through), then
 * clears the mark. A failure leaves that customer marked for the next run and does not stop the
 * others. Takes at most `limit` customers (100 by default) a run. Returns customer ids, never
 * emails.
 */
export const republishUnpublishedCustomers = async (
  { limit = 100 }: { readonly limit?: number },
  deps: RepublishCustomersDeps,
): Promise<{ republished: string[]; failed: string[] }> => {
  const customers = await deps.listUnpublishedCustomers(limit);
  const republished: string[] = [];
  const failed: string[] = [];
  for (const customer of customers) {
    try {
      await deps.publishCustomerEvent(customer.registeredEvent);
      await deps.markCustomerPublished(customer.email);
      republished.push(customer.customerId);
    } catch {
      failed.push(customer.customerId);
    }
  }
  return { republished, failed };
};
