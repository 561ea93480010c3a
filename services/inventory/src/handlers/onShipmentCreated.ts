import type { ShipmentCreatedV1 } from '@conveyor/event-types';
import { makeSqsEventHandler, type RecordContext } from '@conveyor/lambda-toolkit';
import { onShipmentCreatedDeps } from '../compositionRoot.ts';
import { shipOrder } from '../domain/shipOrder.ts';

const deps = onShipmentCreatedDeps();

const ship = async (event: ShipmentCreatedV1, { logger }: RecordContext) => {
  // A second shipment for the order, or one of a rejected order, throws a PermanentError.
  const result = await shipOrder(event, deps.shipOrderDeps);
  // Ids, SKUs and units only: the event carries the customer's contact details and address.
  const details = {
    orderId: result.orderId,
    shipmentId: result.shipmentId,
    outcome: result.outcome,
    replayed: result.replayed,
    shippedNow: result.shippedNow,
  };
  if (result.outcome === 'SHIPPED' && result.shippedNow.length === 0) {
    // A copy (a redelivery, a replay): an earlier delivery, or the reservation, took them off.
    logger.info('Shipped stock already taken off on-hand: nothing taken off now', details);
  } else if (result.outcome === 'SHIPPED') {
    logger.info('Shipped stock taken off on-hand', details);
  } else if (result.outcome === 'AWAITING_RESERVATION') {
    logger.info('Shipment recorded before the reservation, which will take the stock off', details);
  } else {
    // Only if order.placed came after shipment.created and then could not be reserved.
    logger.warn('Shipped order was not reserved: no stock taken off; count it by hand', details);
  }
};

/**
 * Consumes `inventory-shipments.fifo` (`shipment.created`): records the order's shipment and
 * turns its holds into on-hand decrements, once per shipment. Idempotent by construction (see
 * shipOrder), so no eventId idempotency record on top.
 */
export const handler = makeSqsEventHandler({
  queue: 'inventoryShipments',
  logger: deps.logger,
  tracer: deps.tracer,
  sqsClient: deps.sqs,
  handlers: { 'shipment.created': ship },
});
