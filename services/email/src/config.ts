import * as z from 'zod/mini';

const configSchema = z.object({
  STAGE: z.string().check(z.minLength(1)),
  SENT_EMAILS_TABLE: z.string().check(z.minLength(1)),
  /** The sender, per stage (serverless.yml `params`); its domain is the SES identity. */
  FROM_ADDRESS: z.email(),
});

// What only onNotificationEvent gets (its function environment in serverless.yml): the other
// functions never hold the token secret.
const notificationConfigSchema = z.extend(configSchema, {
  WELCOMES_TABLE: z.string().check(z.minLength(1)),
  /** Marketing's `GET /audience/unsubscribe`; the link adds `?token=`. */
  UNSUBSCRIBE_URL: z.url({ protocol: /^https?$/ }),
  /** Seals the unsubscribe tokens; marketing opens them with the same secret. */
  UNSUBSCRIBE_TOKEN_SECRET: z.string().check(z.minLength(32)),
});

/** The service's configuration, from the function environment set in serverless.yml. */
export type EmailConfig = z.output<typeof configSchema>;

/** onNotificationEvent's configuration: the common one, its table and the unsubscribe link's parts. */
export type NotificationConfig = z.output<typeof notificationConfigSchema>;

/** Reads and validates the configuration; a missing variable fails the cold start loudly. */
export const readConfig = (env: NodeJS.ProcessEnv = process.env): EmailConfig =>
  configSchema.parse(env);

/** Reads and validates onNotificationEvent's configuration, failing its cold start loudly. */
export const readNotificationConfig = (env: NodeJS.ProcessEnv = process.env): NotificationConfig =>
  notificationConfigSchema.parse(env);
