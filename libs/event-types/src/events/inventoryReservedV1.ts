import * as z from 'zod/mini';
import { defineEvent } from '../envelope.ts';
import {
  addressSchema,
  currencySchema,
  customerSchema,
  minorUnitsSchema,
  skuSchema,
} from './common.ts';

/**
 * `inventory.reserved` v1: every line of an order is reserved. `aggregateId` is the order id.
 * Carries the order snapshot that shipping needs to ship and notify without calling back.
 */
export const inventoryReservedV1 = defineEvent({
  eventType: 'inventory.reserved',
  version: 1,
  source: 'inventory',
  data: z.object({
    /** Who ordered: named on the label, and the recipient of the shipped notice. */
    customer: customerSchema,
    /** The reserved lines. */
    lines: z
      .array(
        z.object({
          /** The item's SKU. */
          sku: skuSchema,
          /** Display name, printed on the packing list. */
          name: z.string().check(z.minLength(1), z.maxLength(200)),
          /** Units reserved. */
          quantity: z.number().check(z.int(), z.minimum(1), z.maximum(100)),
        }),
      )
      .check(z.minLength(1), z.maxLength(50)),
    /** Where the parcel goes. */
    shippingAddress: addressSchema,
    /** Currency of `total`. */
    currency: currencySchema,
    /** The order's total in minor units, for the customs value on the label. */
    total: minorUnitsSchema,
  }),
});

/** `inventory.reserved` v1, as parsed. */
export type InventoryReservedV1 = z.output<typeof inventoryReservedV1>;
