import { buildEvent, type InventoryReservedV1 } from '@conveyor/event-types';
import { PermanentError } from '@conveyor/lambda-toolkit';
import { addBusinessDays } from './addBusinessDays.ts';
import { chooseCarrier, Zones } from './chooseCarrier.ts';
import { type Label, labelKeyFor, type RenderLabel, SENDER, type StoreLabel } from './label.ts';
import { isValidOrderId } from './isValidOrderId.ts';
import { parcelWeightGrams } from './parcelWeightGrams.ts';
import {
  type GetShipment,
  type MarkLabelCreated,
  type SaveNewShipment,
  type Shipment,
  ShipmentStatuses,
} from './shipment.ts';
import { generateTrackingNumber, type RandomInt } from './trackingNumber.ts';

/** The ports `createShipment` needs. */
export interface CreateShipmentDeps {
  readonly saveNewShipment: SaveNewShipment;
  readonly getShipment: GetShipment;
  readonly markLabelCreated: MarkLabelCreated;
  readonly renderLabel: RenderLabel;
  readonly storeLabel: StoreLabel;
  /** Publishes the stored `shipment.created` event unchanged. */
  readonly publishEvent: (event: Shipment['createdEvent']) => Promise<void>;
  readonly randomInt: RandomInt;
  readonly newShipmentId: () => string;
  readonly now: () => Date;
}

/** Raised for an order id that cannot name a shipment. Permanent: retrying will not help. */
export class UnshippableOrderError extends PermanentError {
  public override readonly name = 'UnshippableOrderError';

  public constructor(orderId: string) {
    super(`Order id "${orderId.slice(0, 64)}" cannot name a shipment`, { httpStatus: 422 });
  }
}

/** What `createShipment` did: `created` a new shipment, or finished the `existing` one. */
export type CreateShipmentOutcome = 'created' | 'existing';

/** The label printed for a shipment. */
export const labelOf = (shipment: Shipment): Label => ({
  orderId: shipment.orderId,
  shipmentId: shipment.shipmentId,
  carrier: shipment.carrier,
  service: shipment.service,
  trackingNumber: shipment.trackingNumber,
  estimatedDelivery: shipment.estimatedDelivery,
  sender: SENDER,
  recipient: shipment.createdEvent.data.shippingAddress,
  items: shipment.parcel.items,
  weightGrams: shipment.parcel.weightGrams,
  customsValue: shipment.zone === Zones.Domestic ? undefined : shipment.parcel.declaredValue,
});

/** A new shipment for a reserved order, with its `shipment.created` event built but not sent. */
export const planShipment = (
  reserved: InventoryReservedV1,
  deps: Pick<CreateShipmentDeps, 'randomInt' | 'newShipmentId' | 'now'>,
): Shipment => {
  const { data } = reserved;
  const orderId = reserved.aggregateId;
  const weightGrams = parcelWeightGrams(data.lines);
  const choice = chooseCarrier({ country: data.shippingAddress.country, weightGrams });
  const now = deps.now();
  const shipmentId = deps.newShipmentId();
  const trackingNumber = generateTrackingNumber(choice.service, deps.randomInt);
  const estimatedDelivery = addBusinessDays(now, choice.transitBusinessDays);
  const labelKey = labelKeyFor(orderId);
  const createdEvent = buildEvent(
    {
      eventType: 'shipment.created',
      version: 1,
      aggregateId: orderId,
      data: {
        shipmentId,
        carrier: choice.carrier,
        trackingNumber,
        estimatedDelivery,
        labelKey,
        customer: data.customer,
        shippingAddress: data.shippingAddress,
      },
    },
    { causedBy: reserved, now: () => now },
  );
  const createdAt = now.toISOString();
  return {
    orderId,
    shipmentId,
    status: ShipmentStatuses.LabelPending,
    carrier: choice.carrier,
    service: choice.service,
    zone: choice.zone,
    trackingNumber,
    estimatedDelivery,
    labelKey,
    parcel: {
      items: data.lines.reduce((total, line) => total + line.quantity, 0),
      weightGrams,
      declaredValue: { amount: data.total, currency: data.currency },
    },
    createdAt,
    updatedAt: createdAt,
    createdEvent,
  };
};

/**
 * Ships a reserved order once, however often its event arrives. The shipment (tracking number
 * and `shipment.created` event included) is stored first, conditionally on the order having
 * none; a later attempt finds it and carries on with it. Then the label is rendered and stored,
 * and the stored event is published. Every step is safe to repeat, so a failure anywhere is
 * retried from the start and ends with one shipment, one label and one eventId.
 */
export const createShipment = async (
  reserved: InventoryReservedV1,
  deps: CreateShipmentDeps,
): Promise<{ readonly outcome: CreateShipmentOutcome; readonly shipment: Shipment }> => {
  if (!isValidOrderId(reserved.aggregateId)) throw new UnshippableOrderError(reserved.aggregateId);
  let shipment = planShipment(reserved, deps);
  let outcome: CreateShipmentOutcome = 'created';
  if ((await deps.saveNewShipment(shipment)) === 'exists') {
    const stored = await deps.getShipment(reserved.aggregateId);
    if (stored === undefined) throw new Error(`Shipment of ${reserved.aggregateId} vanished`);
    shipment = stored;
    outcome = 'existing';
  }
  if (shipment.status === ShipmentStatuses.LabelPending) {
    const pdf = await deps.renderLabel(labelOf(shipment));
    await deps.storeLabel(shipment.labelKey, pdf);
    const at = deps.now().toISOString();
    await deps.markLabelCreated(shipment.orderId, at);
    shipment = {
      ...shipment,
      status: ShipmentStatuses.LabelCreated,
      updatedAt: at,
      labelCreatedAt: at,
    };
  }
  await deps.publishEvent(shipment.createdEvent);
  return { outcome, shipment };
};
