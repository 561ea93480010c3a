import * as z from 'zod/mini';
import { defineEvent } from '../envelope.ts';
import { customerSchema, skuSchema } from './common.ts';

/**
 * `inventory.reservation-failed` v1: at least one line could not be reserved, so none was.
 * `aggregateId` is the order id. Carries the shortfall and the contact details email needs.
 */
export const inventoryReservationFailedV1 = defineEvent({
  eventType: 'inventory.reservation-failed',
  version: 1,
  source: 'inventory',
  data: z.object({
    /** Who ordered, to be told which items are unavailable. */
    customer: customerSchema,
    /** One entry per SKU that had too little stock. */
    shortfalls: z
      .array(
        z.object({
          /** The SKU that fell short. */
          sku: skuSchema,
          /** Its display name, for the apology email. */
          name: z.string().check(z.minLength(1), z.maxLength(200)),
          /** Units the order asked for. */
          requested: z.number().check(z.int(), z.minimum(1)),
          /** Units that were available when the reservation was tried. */
          available: z.number().check(z.int(), z.nonnegative()),
        }),
      )
      .check(z.minLength(1)),
  }),
});

/** `inventory.reservation-failed` v1, as parsed. */
export type InventoryReservationFailedV1 = z.output<typeof inventoryReservationFailedV1>;
