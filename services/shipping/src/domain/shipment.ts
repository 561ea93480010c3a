import type { ShipmentCreatedV1 } from '@conveyor/event-types';
import type { Carrier, CarrierService, Zone } from './chooseCarrier.ts';

/** Where a shipment is. A new shipment waits for its label; then it is announced. */
export const ShipmentStatuses = {
  /** Stored, tracking number fixed; the label is not in the bucket yet. */
  LabelPending: 'LABEL_PENDING',
  /** The label is in the bucket; `shipment.created` goes out right after. */
  LabelCreated: 'LABEL_CREATED',
} as const;

/** A shipment status. */
export type ShipmentStatus = (typeof ShipmentStatuses)[keyof typeof ShipmentStatuses];

/** An amount in integer minor units of a currency. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** What is in the box, as far as the label and the carrier care. */
export interface Parcel {
  readonly items: number;
  readonly weightGrams: number;
  /** The order's total, printed as the customs value when the parcel leaves the country. */
  readonly declaredValue: Money;
}

/** One parcel for one order, as shipping keeps it. */
export interface Shipment {
  readonly orderId: string;
  readonly shipmentId: string;
  readonly status: ShipmentStatus;
  readonly carrier: Carrier;
  readonly service: CarrierService;
  readonly zone: Zone;
  readonly trackingNumber: string;
  /** `YYYY-MM-DD`. */
  readonly estimatedDelivery: string;
  readonly labelKey: string;
  readonly parcel: Parcel;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the label reached the bucket. */
  readonly labelCreatedAt?: string;
  /**
   * The `shipment.created` event, built when the shipment is first stored and kept with it, so
   * that every later attempt publishes the very same event (same eventId).
   */
  readonly createdEvent: ShipmentCreatedV1;
}

/** Port: stores a new shipment unless the order already has one; tells which happened. */
export type SaveNewShipment = (shipment: Shipment) => Promise<'saved' | 'exists'>;

/** Port: reads an order's shipment. */
export type GetShipment = (orderId: string) => Promise<Shipment | undefined>;

/** Port: records that the label is in the bucket. */
export type MarkLabelCreated = (orderId: string, at: string) => Promise<void>;
