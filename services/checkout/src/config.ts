import * as z from 'zod/mini';

const configSchema = z.object({
  STAGE: z.string().check(z.minLength(1)),
  ORDERS_TABLE: z.string().check(z.minLength(1)),
  CUSTOMERS_TABLE: z.string().check(z.minLength(1)),
  ORDER_EVENTS_TOPIC_ARN: z.string().check(z.startsWith('arn:')),
  CUSTOMER_EVENTS_TOPIC_ARN: z.string().check(z.startsWith('arn:')),
});

/** The service's configuration, from the function environment set in serverless.yml. */
export type CheckoutConfig = z.output<typeof configSchema>;

/** Reads and validates the configuration; a missing variable fails the cold start loudly. */
export const readConfig = (env: NodeJS.ProcessEnv = process.env): CheckoutConfig =>
  configSchema.parse(env);
