import * as z from 'zod/mini';
import { defineEvent } from '../envelope.ts';
import { aggregateIdSchema } from './common.ts';

/**
 * `customer.unsubscribed` v1: a customer left the marketing audience (the unsubscribe link of a
 * mail). `aggregateId` is the customer id. Nobody may add them back on an older consent.
 */
export const customerUnsubscribedV1 = defineEvent({
  eventType: 'customer.unsubscribed',
  version: 1,
  source: 'marketing',
  data: z.object({
    /** The customer who opted out. */
    customerId: aggregateIdSchema,
  }),
});

/** `customer.unsubscribed` v1, as parsed. */
export type CustomerUnsubscribedV1 = z.output<typeof customerUnsubscribedV1>;
