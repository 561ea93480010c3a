import { jsonResponse, makeHttpHandler, problemResponse } from '@conveyor/lambda-toolkit';
import { getShipmentDeps } from '../compositionRoot.ts';
import { isValidOrderId } from '../domain/isValidOrderId.ts';
import { ShipmentStatuses } from '../domain/shipment.ts';

const deps = getShipmentDeps();

/**
 * `GET /shipments/{orderId}`: carrier, tracking number, delivery estimate and status, with a
 * short-lived download URL of the label once it exists. No customer data.
 */
export const handler = makeHttpHandler({
  logger: deps.logger,
  tracer: deps.tracer,
  handle: async (event) => {
    const orderId = event.pathParameters?.orderId ?? '';
    if (!isValidOrderId(orderId)) {
      return problemResponse(400, {
        detail: 'orderId must be 1-128 letters, digits or dashes, such as the id checkout returned',
        errors: [{ parameter: 'orderId', detail: `malformed orderId "${orderId.slice(0, 64)}"` }],
      });
    }
    const shipment = await deps.getShipment(orderId);
    if (shipment === undefined)
      return problemResponse(404, { detail: `No shipment for order ${orderId}` });
    const label =
      shipment.status === ShipmentStatuses.LabelPending
        ? undefined
        : await deps.labelUrl(shipment.labelKey);
    return jsonResponse(
      200,
      {
        orderId: shipment.orderId,
        shipmentId: shipment.shipmentId,
        status: shipment.status,
        carrier: shipment.carrier,
        service: shipment.service,
        trackingNumber: shipment.trackingNumber,
        estimatedDelivery: shipment.estimatedDelivery,
        createdAt: shipment.createdAt,
        labelKey: shipment.labelKey,
        ...(label === undefined ? {} : { labelUrl: label.url, labelUrlExpiresAt: label.expiresAt }),
      },
      // The body holds a bearer URL: no cache may keep it.
      { 'cache-control': 'no-store' },
    );
  },
});
