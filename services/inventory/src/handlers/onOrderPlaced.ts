import type { OrderPlacedV1 } from '@conveyor/event-types';
import { makeSqsEventHandler, type RecordContext } from '@conveyor/lambda-toolkit';
import { onOrderPlacedDeps } from '../compositionRoot.ts';
import { reserveOrder } from '../domain/reserveOrder.ts';

const deps = onOrderPlacedDeps();

const reserve = async (event: OrderPlacedV1, { logger }: RecordContext) => {
  // An order already being reserved for other lines throws ConflictingOrderError, permanent.
  const result = await reserveOrder(event, deps.reserveOrderDeps);
  // Ids and SKUs only: the outcome event carries the customer's contact details and address.
  const details = {
    orderId: result.orderId,
    state: result.state,
    outcomeEventId: result.outcomeEventId,
    replayed: result.replayed,
    shortSkus: result.shortfalls.map(({ sku }) => sku),
    shippedNow: result.shippedNow,
    shipmentRecorded: result.shipmentRecorded,
  };
  if (result.state === 'RESERVED') {
    logger.info('Order reserved', details);
  } else if (result.shipmentRecorded) {
    // shipment.created came first (a FAILED reservation takes none later), so the goods left
    // although the order could not be reserved.
    logger.warn('Shipped order not reserved: no stock taken off; count it by hand', details);
  } else {
    logger.info('Order not reserved', details);
  }
};

/**
 * Consumes `inventory-orders.fifo` (`order.placed`): reserves every line of the order or none,
 * then publishes `inventory.reserved` or `inventory.reservation-failed`. Idempotent by
 * construction (see reserveOrder), so no eventId idempotency record on top.
 */
export const handler = makeSqsEventHandler({
  queue: 'inventoryOrders',
  logger: deps.logger,
  tracer: deps.tracer,
  sqsClient: deps.sqs,
  handlers: { 'order.placed': reserve },
});
