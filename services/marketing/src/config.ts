import * as z from 'zod/mini';

const configSchema = z.object({
  STAGE: z.string().check(z.minLength(1)),
  CONTACTS_TABLE: z.string().check(z.minLength(1)),
});

const publisherSchema = z.object({
  // Set by @conveyor/serverless-topology for the topic marketing produces.
  AUDIENCE_EVENTS_TOPIC_ARN: z.string().check(z.minLength(1)),
});

const unsubscribeSchema = z.extend(publisherSchema, {
  // Only the unsubscribe function has it (its own environment in serverless.yml).
  UNSUBSCRIBE_TOKEN_SECRET: z.string().check(z.minLength(32)),
});

/** The service's configuration, from the function environment set in serverless.yml. */
export type MarketingConfig = z.output<typeof configSchema>;

/** What the functions that publish `customer.unsubscribed` read on top. */
export type PublisherConfig = z.output<typeof publisherSchema>;

/** What the unsubscribe function reads on top. */
export type UnsubscribeConfig = z.output<typeof unsubscribeSchema>;

/** Reads and validates the configuration; a missing variable fails the cold start loudly. */
export const readConfig = (env: NodeJS.ProcessEnv = process.env): MarketingConfig =>
  configSchema.parse(env);

/** Reads the publishers' configuration; a missing variable fails the cold start loudly. */
export const readPublisherConfig = (env: NodeJS.ProcessEnv = process.env): PublisherConfig =>
  publisherSchema.parse(env);

/** Reads the unsubscribe function's configuration; a missing or short secret fails its cold start. */
export const readUnsubscribeConfig = (env: NodeJS.ProcessEnv = process.env): UnsubscribeConfig =>
  unsubscribeSchema.parse(env);
