import * as z from 'zod/mini';
import { defineEvent } from '../envelope.ts';
import {
  addressSchema,
  currencySchema,
  customerSchema,
  minorUnitsSchema,
  orderLineSchema,
} from './common.ts';

/**
 * `order.placed` v1: checkout accepted an order. `aggregateId` is the order id.
 * Carries everything inventory, email and marketing need.
 */
export const orderPlacedV1 = defineEvent({
  eventType: 'order.placed',
  version: 1,
  source: 'checkout',
  data: z.object({
    /** Who ordered. */
    customer: customerSchema,
    /** Priced lines, 1 to 50, each SKU at most once. */
    lines: z.array(orderLineSchema).check(z.minLength(1), z.maxLength(50)),
    /** Currency of every amount in this event. */
    currency: currencySchema,
    /** Sum of the line totals, in minor units. */
    total: minorUnitsSchema,
    /** Where the parcel goes. */
    shippingAddress: addressSchema,
    /** Whether the customer agreed to marketing; the marketing subscription filters on it. */
    marketingOptIn: z.boolean(),
  }),
});

/** `order.placed` v1, as parsed. */
export type OrderPlacedV1 = z.output<typeof orderPlacedV1>;
