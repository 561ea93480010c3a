import * as z from 'zod/mini';

const configSchema = z.object({
  STAGE: z.string().check(z.minLength(1)),
  FACTS_TABLE: z.string().check(z.minLength(1)),
});

/** The service's configuration, from the function environment set in serverless.yml. */
export type AnalyticsConfig = z.output<typeof configSchema>;

/** Reads and validates the configuration; a missing variable fails the cold start loudly. */
export const readConfig = (env: NodeJS.ProcessEnv = process.env): AnalyticsConfig =>
  configSchema.parse(env);
