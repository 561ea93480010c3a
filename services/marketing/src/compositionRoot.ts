import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, makeEventIdempotency } from '@conveyor/lambda-toolkit';
import { makeGetContact, makeSaveContact } from './adapters/contactsTable.ts';
import { readConfig } from './config.ts';

/** Everything the handlers use, built once per cold start. Endpoints come from AWS_ENDPOINT_URL_*. */
const build = () => {
  const config = readConfig();
  const dynamo = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const getContact = makeGetContact(documents, config.CONTACTS_TABLE);
  return {
    config,
    logger: createLogger('marketing'),
    sqs: new SQSClient({}),
    getContact,
    recordDeps: { getContact, saveContact: makeSaveContact(documents, config.CONTACTS_TABLE) },
    eventIdempotency: makeEventIdempotency({
      tableName: config.IDEMPOTENCY_TABLE,
      client: dynamo,
      keyPrefix: 'marketing.onOrderPlaced',
    }),
  };
};

/** The service's dependencies. */
export type MarketingDeps = ReturnType<typeof build>;

let deps: MarketingDeps | undefined;

/** The composition root: built on first use in a cold start, then reused. */
export const marketingDeps = (): MarketingDeps => {
  deps ??= build();
  return deps;
};
