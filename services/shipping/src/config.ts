import * as z from 'zod';

const configSchema = z.object({
  STAGE: z.string().min(1),
  SHIPMENTS_TABLE: z.string().min(1),
  LABELS_BUCKET: z.string().min(3),
  SHIPPING_EVENTS_TOPIC_ARN: z.string().startsWith('arn:'),
  /** Lifetime of a label download URL: long enough to click, short enough not to leak. */
  LABEL_URL_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
});

/** The service's configuration, from the function environment set in serverless.yml. */
export type ShippingConfig = z.output<typeof configSchema>;

/** Reads and validates the configuration; a missing variable fails the cold start loudly. */
export const readConfig = (env: NodeJS.ProcessEnv = process.env): ShippingConfig =>
  configSchema.parse(env);
