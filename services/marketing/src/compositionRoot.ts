import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, makeEventIdempotency } from '@conveyor/lambda-toolkit';
import { makeGetContact, makeSaveContact } from './adapters/contactsTable.ts';
import { readConfig } from './config.ts';

// One builder per function, each reached only from its handler: a function's bundle carries
// the clients and adapters it calls and no others (getContact: no SQS nor idempotency).
// Endpoints come from AWS_ENDPOINT_URL_*.

const buildCommon = () => {
  const config = readConfig();
  const dynamo = new DynamoDBClient({});
  return {
    config,
    logger: createLogger('marketing'),
    dynamo,
    documents: DynamoDBDocumentClient.from(dynamo, {
      marshallOptions: { removeUndefinedValues: true },
    }),
  };
};

let common: ReturnType<typeof buildCommon> | undefined;
const commonDeps = () => (common ??= buildCommon());

const buildOnOrderPlaced = () => {
  const { config, logger, dynamo, documents } = commonDeps();
  return {
    logger,
    sqs: new SQSClient({}),
    recordDeps: {
      getContact: makeGetContact(documents, config.CONTACTS_TABLE),
      saveContact: makeSaveContact(documents, config.CONTACTS_TABLE),
    },
    eventIdempotency: makeEventIdempotency({
      tableName: config.IDEMPOTENCY_TABLE,
      client: dynamo,
      keyPrefix: 'marketing.onOrderPlaced',
    }),
  };
};

const buildGetContact = () => {
  const { config, logger, documents } = commonDeps();
  return { logger, getContact: makeGetContact(documents, config.CONTACTS_TABLE) };
};

/** What onOrderPlaced uses. */
export type OnOrderPlacedDeps = ReturnType<typeof buildOnOrderPlaced>;
/** What getContact uses. */
export type GetContactDeps = ReturnType<typeof buildGetContact>;

let onOrderPlaced: OnOrderPlacedDeps | undefined;
let getContact: GetContactDeps | undefined;

/** onOrderPlaced's dependencies: built on first use in a cold start, then reused. */
export const onOrderPlacedDeps = (): OnOrderPlacedDeps => (onOrderPlaced ??= buildOnOrderPlaced());

/** getContact's dependencies: built on first use in a cold start, then reused. */
export const getContactDeps = (): GetContactDeps => (getContact ??= buildGetContact());
