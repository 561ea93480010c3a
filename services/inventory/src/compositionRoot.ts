import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, makeEventIdempotency, makePublishEvent } from '@conveyor/lambda-toolkit';
import { makeDecideReservation, makeStartReservation } from './adapters/reservationsTable.ts';
import {
  makeGetStockLevel,
  makeHoldStock,
  makeReleaseStock,
  makeSetOnHand,
} from './adapters/stockTable.ts';
import { readConfig } from './config.ts';
import type { ReserveOrderDeps } from './domain/reserveOrder.ts';

/** Everything the handlers use, built once per cold start. Endpoints come from AWS_ENDPOINT_URL_*. */
const build = () => {
  const config = readConfig();
  const logger = createLogger('inventory');
  const dynamo = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const sns = new SNSClient({});
  const getStockLevel = makeGetStockLevel(documents, config.STOCK_TABLE);
  const reserveOrderDeps: ReserveOrderDeps = {
    startReservation: makeStartReservation(documents, config.RESERVATIONS_TABLE),
    decideReservation: makeDecideReservation(documents, config.RESERVATIONS_TABLE),
    holdStock: makeHoldStock(documents, config.STOCK_TABLE),
    releaseStock: makeReleaseStock(documents, config.STOCK_TABLE),
    getStockLevel,
    publishEvent: makePublishEvent(sns, config.INVENTORY_EVENTS_TOPIC_ARN),
    now: () => new Date(),
    newEventId: randomUUID,
  };
  return {
    config,
    logger,
    sqs: new SQSClient({}),
    reserveOrderDeps,
    getStockLevel,
    setOnHand: makeSetOnHand(documents, config.STOCK_TABLE),
    eventIdempotency: makeEventIdempotency({
      tableName: config.IDEMPOTENCY_TABLE,
      client: dynamo,
      keyPrefix: 'inventory.onOrderPlaced',
    }),
  };
};

/** The service's dependencies. */
export type InventoryDeps = ReturnType<typeof build>;

let deps: InventoryDeps | undefined;

/** The composition root: built on first use in a cold start, then reused. */
export const inventoryDeps = (): InventoryDeps => {
  deps ??= build();
  return deps;
};
