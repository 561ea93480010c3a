import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, makeEventIdempotency } from '@conveyor/lambda-toolkit';
import { makeSendEmail } from './adapters/sesMailer.ts';
import {
  makeClaimSend,
  makeGetSentEmail,
  makeMarkSent,
  makeReleaseClaim,
} from './adapters/sentEmailsTable.ts';
import { readConfig } from './config.ts';
import type { SendNotificationDeps } from './domain/sendNotification.ts';

/** Everything the handlers use, built once per cold start. Endpoints come from AWS_ENDPOINT_URL_*. */
const build = () => {
  const config = readConfig();
  const logger = createLogger('email');
  const dynamo = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const table = config.SENT_EMAILS_TABLE;
  const sendNotificationDeps: SendNotificationDeps = {
    claimSend: makeClaimSend(documents, table),
    sendEmail: makeSendEmail(new SESv2Client({}), config.FROM_ADDRESS),
    markSent: makeMarkSent(documents, table),
    releaseClaim: makeReleaseClaim(documents, table),
    onReleaseFailed: (eventId, error) => {
      logger.warn('Could not release the claim after a failed send; it expires with its lease', {
        eventId,
        error: error as Error,
      });
    },
    now: () => new Date(),
    newClaimToken: randomUUID,
  };
  return {
    config,
    logger,
    sqs: new SQSClient({}),
    sendNotificationDeps,
    getSentEmail: makeGetSentEmail(documents, table),
    eventIdempotency: makeEventIdempotency({
      tableName: config.IDEMPOTENCY_TABLE,
      client: dynamo,
      keyPrefix: 'email.onNotificationEvent',
    }),
  };
};

/** The service's dependencies. */
export type EmailDeps = ReturnType<typeof build>;

let deps: EmailDeps | undefined;

/** The composition root: built on first use in a cold start, then reused. */
export const emailDeps = (): EmailDeps => {
  deps ??= build();
  return deps;
};
