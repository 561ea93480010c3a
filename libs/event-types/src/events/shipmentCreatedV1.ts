import * as z from 'zod/mini';
import { defineEvent } from '../envelope.ts';
import { addressSchema, customerSchema } from './common.ts';

/**
 * `shipment.created` v1: a parcel has a carrier, a tracking number and a label.
 * `aggregateId` is the order id.
 */
export const shipmentCreatedV1 = defineEvent({
  eventType: 'shipment.created',
  version: 1,
  source: 'shipping',
  data: z.object({
    /** The shipment's id. */
    shipmentId: z.string().check(z.minLength(1), z.maxLength(128)),
    /** Carrier code, such as `DHL`. */
    carrier: z.string().check(z.minLength(1), z.maxLength(40)),
    /** Tracking number in the carrier's format. */
    trackingNumber: z.string().check(z.minLength(1), z.maxLength(64)),
    /** Estimated delivery day, `YYYY-MM-DD`. */
    estimatedDelivery: z.iso.date(),
    /** Object key of the PDF label in shipping's private bucket. */
    labelKey: z.string().check(z.minLength(1), z.maxLength(1024)),
    /** Who ordered: the recipient of the shipped notice. */
    customer: customerSchema,
    /** Where the parcel goes. */
    shippingAddress: addressSchema,
  }),
});

/** `shipment.created` v1, as parsed. */
export type ShipmentCreatedV1 = z.output<typeof shipmentCreatedV1>;
