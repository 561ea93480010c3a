import type { OrderPlacedV1 } from '@conveyor/event-types';
import { makeSqsEventHandler, type RecordContext } from '@conveyor/lambda-toolkit';
import { onOrderPlacedDeps } from '../compositionRoot.ts';
import { reserveOrder } from '../domain/reserveOrder.ts';

const deps = onOrderPlacedDeps();

const reserve = async (event: OrderPlacedV1, { logger }: RecordContext) => {
  // An order already being reserved for other lines throws ConflictingOrderError, permanent.
  const result = await reserveOrder(event, deps.reserveOrderDeps);
  // Ids and SKUs only: the outcome event carries the customer's contact details and address.
  logger.info(result.state === 'RESERVED' ? 'Order reserved' : 'Order not reserved', {
    orderId: result.orderId,
    state: result.state,
    outcomeEventId: result.outcomeEventId,
    replayed: result.replayed,
    shortSkus: result.shortfalls.map(({ sku }) => sku),
  });
  return result;
};

/**
 * Consumes `inventory-orders.fifo` (`order.placed`): reserves every line of the order or none,
 * then publishes `inventory.reserved` or `inventory.reservation-failed`.
 */
export const handler = makeSqsEventHandler({
  queue: 'inventoryOrders',
  logger: deps.logger,
  idempotency: deps.eventIdempotency,
  sqsClient: deps.sqs,
  handlers: { 'order.placed': reserve },
});
