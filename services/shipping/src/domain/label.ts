import type { Carrier, CarrierService } from './chooseCarrier.ts';
import type { Money } from './shipment.ts';

/** A postal address as printed on a label. */
export interface LabelAddress {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string | undefined;
  readonly city: string;
  readonly postalCode: string;
  readonly country: string;
}

/** The warehouse every parcel leaves from: the label's sender. */
export const SENDER: LabelAddress = {
  name: 'Conveyor Fulfilment',
  line1: 'Unit 4, Dockside Park',
  line2: 'Ferry Road',
  city: 'Tilbury',
  postalCode: 'RM18 7DU',
  country: 'GB',
};

/** Everything printed on a shipping label. */
export interface Label {
  readonly orderId: string;
  readonly shipmentId: string;
  readonly carrier: Carrier;
  readonly service: CarrierService;
  readonly trackingNumber: string;
  readonly estimatedDelivery: string;
  readonly sender: LabelAddress;
  readonly recipient: LabelAddress;
  readonly items: number;
  readonly weightGrams: number;
  /** Printed only when the parcel crosses a border. */
  readonly customsValue?: Money | undefined;
}

/** Port: renders a label as a PDF document. */
export type RenderLabel = (label: Label) => Promise<Uint8Array>;

/** Port: stores a label's PDF under `key` in the labels bucket, replacing any earlier one. */
export type StoreLabel = (key: string, pdf: Uint8Array) => Promise<void>;

/** Where an order's label lives in the bucket. */
export const labelKeyFor = (orderId: string): string => `labels/${orderId}.pdf`;
