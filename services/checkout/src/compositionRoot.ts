import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, makeEventIdempotency, makePublishEvent } from '@conveyor/lambda-toolkit';
import { makeFindCatalogueItems } from './adapters/catalogueFile.ts';
import {
  makeGetOrder,
  makeListUnpublishedOrders,
  makeMarkOrderPublished,
  makeSaveNewOrder,
  makeSaveOrderProgress,
} from './adapters/ordersTable.ts';
import { readConfig } from './config.ts';

/** Everything the handlers use, built once per cold start. Endpoints come from AWS_ENDPOINT_URL_*. */
const build = () => {
  const config = readConfig();
  const logger = createLogger('checkout');
  const dynamo = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const sns = new SNSClient({});
  const publishEvent = makePublishEvent(sns, config.ORDER_EVENTS_TOPIC_ARN);
  const markOrderPublished = makeMarkOrderPublished(documents, config.ORDERS_TABLE);
  const getOrder = makeGetOrder(documents, config.ORDERS_TABLE);
  return {
    config,
    logger,
    dynamo,
    sqs: new SQSClient({}),
    placeOrderDeps: {
      findCatalogueItems: makeFindCatalogueItems(),
      saveNewOrder: makeSaveNewOrder(documents, config.ORDERS_TABLE),
      getOrder,
      publishEvent,
      markOrderPublished,
      onPublishFailed: (orderId: string, error: unknown) => {
        logger.error('Publishing order.placed failed; the republisher will send it', {
          orderId,
          error: error as Error,
        });
      },
      now: () => new Date(),
      newOrderId: randomUUID,
    },
    getOrder,
    saveOrderProgress: makeSaveOrderProgress(documents, config.ORDERS_TABLE),
    listUnpublishedOrders: makeListUnpublishedOrders(documents, config.ORDERS_TABLE),
    markOrderPublished,
    publishEvent,
    eventIdempotency: makeEventIdempotency({
      tableName: config.IDEMPOTENCY_TABLE,
      client: dynamo,
      keyPrefix: 'checkout.onOrderProgress',
    }),
  };
};

/** The service's dependencies. */
export type CheckoutDeps = ReturnType<typeof build>;

let deps: CheckoutDeps | undefined;

/** The composition root: built on first use in a cold start, then reused. */
export const checkoutDeps = (): CheckoutDeps => {
  deps ??= build();
  return deps;
};
