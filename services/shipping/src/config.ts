import * as z from 'zod/mini';

const configSchema = z.object({
  /** Set by Lambda (and by serverless offline): the region URLs are signed for. */
  AWS_REGION: z.string().check(z.minLength(1)),
  STAGE: z.string().check(z.minLength(1)),
  SHIPMENTS_TABLE: z.string().check(z.minLength(1)),
  LABELS_BUCKET: z.string().check(z.minLength(3)),
  SHIPPING_EVENTS_TOPIC_ARN: z.string().check(z.startsWith('arn:')),
  /** Lifetime of a label download URL: long enough to click, short enough not to leak. */
  LABEL_URL_TTL_SECONDS: z._default(
    z.coerce.number().check(z.int(), z.minimum(1), z.maximum(3600)),
    300,
  ),
});

/** The service's configuration, from the function environment set in serverless.yml. */
export type ShippingConfig = z.output<typeof configSchema>;

/** Reads and validates the configuration; a missing variable fails the cold start loudly. */
export const readConfig = (env: NodeJS.ProcessEnv = process.env): ShippingConfig =>
  configSchema.parse(env);
