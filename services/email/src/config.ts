import * as z from 'zod';

const configSchema = z.object({
  STAGE: z.string().min(1),
  SENT_EMAILS_TABLE: z.string().min(1),
  IDEMPOTENCY_TABLE: z.string().min(1),
  /** The sender, per stage (serverless.yml `params`); its domain is the SES identity. */
  FROM_ADDRESS: z.email(),
});

/** The service's configuration, from the function environment set in serverless.yml. */
export type EmailConfig = z.output<typeof configSchema>;

/** Reads and validates the configuration; a missing variable fails the cold start loudly. */
export const readConfig = (env: NodeJS.ProcessEnv = process.env): EmailConfig =>
  configSchema.parse(env);
