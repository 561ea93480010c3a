import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerUnsubscribedV1 } from '@conveyor/event-types';
import { createLogger, createTracer, makePublishEvent } from '@conveyor/lambda-toolkit';
import {
  makeGetContact,
  makeListPendingOptOuts,
  makeMarkOptOutPublished,
  makeSaveContact,
} from './adapters/contactsTable.ts';
import { makeContactLock } from './adapters/contactLock.ts';
import { readConfig, readPublisherConfig, readUnsubscribeConfig } from './config.ts';

// One builder per function, each reached only from its handler: a function's bundle carries
// the clients and adapters it calls and no others (getContact: no SQS nor SNS).
// Endpoints come from AWS_ENDPOINT_URL_*.

const buildCommon = () => {
  const config = readConfig();
  const tracer = createTracer('marketing');
  const dynamo = tracer.captureAWSv3Client(new DynamoDBClient({}));
  return {
    config,
    logger: createLogger('marketing'),
    tracer,
    documents: DynamoDBDocumentClient.from(dynamo, {
      marshallOptions: { removeUndefinedValues: true },
    }),
  };
};

let common: ReturnType<typeof buildCommon> | undefined;
const commonDeps = () => (common ??= buildCommon());

const contactStore = () => {
  const { config, documents } = commonDeps();
  return {
    getContact: makeGetContact(documents, config.CONTACTS_TABLE),
    saveContact: makeSaveContact(documents, config.CONTACTS_TABLE),
    withContactLock: makeContactLock(),
  };
};

// What publishing customer.unsubscribed takes, shared by the unsubscribe route and the republisher.
const optOutPublishing = () => {
  const { config, logger, tracer, documents } = commonDeps();
  const publishEvent: (event: CustomerUnsubscribedV1) => Promise<void> = makePublishEvent(
    tracer.captureAWSv3Client(new SNSClient({})),
    readPublisherConfig().AUDIENCE_EVENTS_TOPIC_ARN,
  );
  return {
    publishEvent,
    markOptOutPublished: makeMarkOptOutPublished(documents, config.CONTACTS_TABLE),
    onPublishFailed: (customerId: string, eventId: string, error: unknown) => {
      logger.warn('Publishing customer.unsubscribed failed; the republisher will send it', {
        customerId,
        eventId,
        error: error as Error,
      });
    },
  };
};

// No idempotency on eventId: every change is a fact keyed by order or customer id, merged and
// written conditionally on the version read, so a duplicate, a redelivery or a replay writes
// nothing. The Powertools record would only add two writes per record.
const buildOnAudienceEvent = () => {
  const { logger, tracer } = commonDeps();
  return {
    logger,
    tracer,
    sqs: tracer.captureAWSv3Client(new SQSClient({})),
    contactStore: contactStore(),
  };
};

const buildGetContact = () => {
  const { config, logger, tracer, documents } = commonDeps();
  return { logger, tracer, getContact: makeGetContact(documents, config.CONTACTS_TABLE) };
};

const buildUnsubscribe = () => {
  const { logger, tracer } = commonDeps();
  return {
    logger,
    tracer,
    tokenSecret: readUnsubscribeConfig().UNSUBSCRIBE_TOKEN_SECRET,
    unsubscribeDeps: {
      ...contactStore(),
      ...optOutPublishing(),
      now: () => new Date(),
    },
  };
};

const buildRepublishUnsubscribed = () => {
  const { config, logger, tracer, documents } = commonDeps();
  return {
    logger,
    tracer,
    republishDeps: {
      listPendingOptOuts: makeListPendingOptOuts(documents, config.CONTACTS_TABLE),
      ...optOutPublishing(),
    },
  };
};

/** What onAudienceEvent uses. */
export type OnAudienceEventDeps = ReturnType<typeof buildOnAudienceEvent>;
/** What getContact uses. */
export type GetContactDeps = ReturnType<typeof buildGetContact>;
/** What unsubscribe uses. */
export type UnsubscribeRouteDeps = ReturnType<typeof buildUnsubscribe>;
/** What republishUnsubscribed uses. */
export type RepublishUnsubscribedDeps = ReturnType<typeof buildRepublishUnsubscribed>;

let onAudienceEvent: OnAudienceEventDeps | undefined;
let getContact: GetContactDeps | undefined;
let unsubscribe: UnsubscribeRouteDeps | undefined;
let republishUnsubscribed: RepublishUnsubscribedDeps | undefined;

/** onAudienceEvent's dependencies: built on first use in a cold start, then reused. */
export const onAudienceEventDeps = (): OnAudienceEventDeps =>
  (onAudienceEvent ??= buildOnAudienceEvent());

/** getContact's dependencies: built on first use in a cold start, then reused. */
export const getContactDeps = (): GetContactDeps => (getContact ??= buildGetContact());

/** unsubscribe's dependencies: built on first use in a cold start, then reused. */
export const unsubscribeDeps = (): UnsubscribeRouteDeps => (unsubscribe ??= buildUnsubscribe());

/** republishUnsubscribed's dependencies: built on first use in a cold start, then reused. */
export const republishUnsubscribedDeps = (): RepublishUnsubscribedDeps =>
  (republishUnsubscribed ??= buildRepublishUnsubscribed());
