import type { OrderPlacedV1 } from '@conveyor/event-types';
import type { ListUnpublishedOrders, MarkOrderPublished } from './order.ts';

/** The ports `republishUnpublishedOrders` needs. */
export interface RepublishDeps {
  readonly listUnpublishedOrders: ListUnpublishedOrders;
  readonly publishEvent: (event: OrderPlacedV1) => Promise<void>;
  readonly markOrderPublished: MarkOrderPublished;
}

/**
 * Publishes the stored `order.placed` of every order still marked unpublished, unchanged (same
 * eventId, so consumers deduplicate if the first publish did go through), then clears the mark.
 * A failure leaves that order marked for the next run and does not stop the others. Takes at
 * most `limit` orders (100 by default) a run.
 */
export const republishUnpublishedOrders = async (
  { limit = 100 }: { readonly limit?: number },
  deps: RepublishDeps,
): Promise<{ republished: string[]; failed: string[] }> => {
  const orders = await deps.listUnpublishedOrders(limit);
  const republished: string[] = [];
  const failed: string[] = [];
  for (const order of orders) {
    try {
      await deps.publishEvent(order.placedEvent);
      await deps.markOrderPublished(order.orderId);
      republished.push(order.orderId);
    } catch {
      failed.push(order.orderId);
    }
  }
  return { republished, failed };
};
