import * as z from 'zod/mini';
import { defineEvent } from '../envelope.ts';
import { customerSchema } from './common.ts';

/**
 * `customer.registered` v1: checkout saved a new customer. `aggregateId` is the customer id.
 * Carries what email needs for the welcome mail and what marketing needs for the newsletter.
 */
export const customerRegisteredV1 = defineEvent({
  eventType: 'customer.registered',
  version: 1,
  source: 'checkout',
  data: z.object({
    /** The new customer: id, email and name. Personal data: mask it in logs. */
    customer: customerSchema,
    /** Whether the customer agreed to marketing; the newsletter subscription filters on it. */
    marketingOptIn: z.boolean(),
  }),
});

/** `customer.registered` v1, as parsed. */
export type CustomerRegisteredV1 = z.output<typeof customerRegisteredV1>;
