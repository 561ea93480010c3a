import { randomUUID } from 'node:crypto';
import { buildEvent, exampleEventData, type ShipmentCreatedV1 } from '@conveyor/event-types';

/**
 * A `shipment.created` event for the order `orderId`, as shipping publishes it (one shipment
 * per order; the event carries no lines). Build it again with the same `shipmentId` for a copy
 * with a new eventId, as a republish would be.
 */
export const shipmentCreated = (
  orderId: string,
  shipmentId = `shp-${randomUUID()}`,
): ShipmentCreatedV1 =>
  buildEvent(
    {
      eventType: 'shipment.created',
      version: 1,
      aggregateId: orderId,
      data: { ...exampleEventData['shipment.created'](), shipmentId },
    },
    { correlationId: `corr-${orderId}`, userId: 'cus-1001' },
  );
