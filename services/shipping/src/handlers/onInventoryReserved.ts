import { makeSqsEventHandler, maskAddress } from '@conveyor/lambda-toolkit';
import { onInventoryReservedDeps } from '../compositionRoot.ts';
import { createShipment } from '../domain/createShipment.ts';

const deps = onInventoryReservedDeps();

/**
 * Consumes `shipping-requests.fifo` (`inventory.reserved` only): one shipment, label and
 * `shipment.created` per order. Idempotent by construction (see createShipment), so no eventId
 * idempotency record on top.
 */
export const handler = makeSqsEventHandler({
  queue: 'shippingRequests',
  logger: deps.logger,
  tracer: deps.tracer,
  sqsClient: deps.sqs,
  handlers: {
    // An order id that cannot name a shipment throws UnshippableOrderError, permanent.
    'inventory.reserved': async (event, { logger }) => {
      const { outcome, shipment } = await createShipment(event, deps.createShipmentDeps);
      logger.info('Shipment ready', {
        outcome,
        orderId: shipment.orderId,
        shipmentId: shipment.shipmentId,
        carrier: shipment.carrier,
        trackingNumber: shipment.trackingNumber,
        destination: maskAddress(event.data.shippingAddress),
        shipmentEventId: shipment.createdEvent.eventId,
      });
    },
  },
});
