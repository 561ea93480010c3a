import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, createTracer } from '@conveyor/lambda-toolkit';
import { makeSendEmail } from './adapters/sesMailer.ts';
import {
  makeClaimSend,
  makeGetSentEmail,
  makeMarkSent,
  makeReleaseClaim,
} from './adapters/sentEmailsTable.ts';
import { makeUnsubscribeLink } from './adapters/unsubscribeLink.ts';
import { makeClaimWelcome } from './adapters/welcomesTable.ts';
import { readConfig, readNotificationConfig } from './config.ts';
import type { SendNotificationDeps } from './domain/sendNotification.ts';

// One builder per function, each reached only from its handler: a function's bundle carries
// the clients and adapters it calls and no others (getSentEmail: no SES nor SQS).
// Endpoints come from AWS_ENDPOINT_URL_*.

const buildCommon = () => {
  const config = readConfig();
  const tracer = createTracer('email');
  return {
    config,
    logger: createLogger('email'),
    tracer,
    documents: DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
      marshallOptions: { removeUndefinedValues: true },
    }),
  };
};

let common: ReturnType<typeof buildCommon> | undefined;
const commonDeps = () => (common ??= buildCommon());

// No idempotency record on eventId: the ledger's conditional claim lets one attempt send and
// answers every later copy (sendNotification); a Powertools record would only add two writes.
const buildOnNotificationEvent = () => {
  const { config, logger, tracer, documents } = commonDeps();
  const notificationConfig = readNotificationConfig();
  const table = config.SENT_EMAILS_TABLE;
  const sendNotificationDeps: SendNotificationDeps = {
    claimSend: makeClaimSend(documents, table),
    sendEmail: makeSendEmail(tracer.captureAWSv3Client(new SESv2Client({})), config.FROM_ADDRESS),
    markSent: makeMarkSent(documents, table),
    releaseClaim: makeReleaseClaim(documents, table),
    claimWelcome: makeClaimWelcome(documents, notificationConfig.WELCOMES_TABLE),
    unsubscribeLinkFor: makeUnsubscribeLink({
      url: notificationConfig.UNSUBSCRIBE_URL,
      secret: notificationConfig.UNSUBSCRIBE_TOKEN_SECRET,
    }),
    onReleaseFailed: (eventId, error) => {
      logger.warn('Could not release the claim after a failed send; it expires with its lease', {
        eventId,
        error: error as Error,
      });
    },
    now: () => new Date(),
    newClaimToken: randomUUID,
    pause: (ms) => sleep(ms),
    onMarkSentRetry: (eventId, retryInMs, error) => {
      logger.warn('Could not record the mail as sent; trying again', {
        eventId,
        retryInMs,
        error: error as Error,
      });
    },
  };
  return {
    logger,
    tracer,
    sqs: tracer.captureAWSv3Client(new SQSClient({})),
    sendNotificationDeps,
  };
};

const buildGetSentEmail = () => {
  const { config, logger, tracer, documents } = commonDeps();
  return { logger, tracer, getSentEmail: makeGetSentEmail(documents, config.SENT_EMAILS_TABLE) };
};

/** What onNotificationEvent uses. */
export type OnNotificationEventDeps = ReturnType<typeof buildOnNotificationEvent>;
/** What getSentEmail uses. */
export type GetSentEmailDeps = ReturnType<typeof buildGetSentEmail>;

let onNotificationEvent: OnNotificationEventDeps | undefined;
let getSentEmail: GetSentEmailDeps | undefined;

/** onNotificationEvent's dependencies: built on first use in a cold start, then reused. */
export const onNotificationEventDeps = (): OnNotificationEventDeps =>
  (onNotificationEvent ??= buildOnNotificationEvent());

/** getSentEmail's dependencies: built on first use in a cold start, then reused. */
export const getSentEmailDeps = (): GetSentEmailDeps => (getSentEmail ??= buildGetSentEmail());
