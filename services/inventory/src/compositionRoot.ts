import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, createTracer, makePublishEvent } from '@conveyor/lambda-toolkit';
import {
  makeDecideReservation,
  makeRecordShipment,
  makeStartReservation,
} from './adapters/reservationsTable.ts';
import {
  makeGetStockLevel,
  makeHoldStock,
  makeReleaseStock,
  makeSetOnHand,
  makeShipHeldStock,
} from './adapters/stockTable.ts';
import { readConfig } from './config.ts';
import type { ReserveOrderDeps } from './domain/reserveOrder.ts';
import type { ShipOrderDeps } from './domain/shipOrder.ts';

// One builder per function, each reached only from its handler: a function's bundle carries
// the clients and adapters it calls and no others (the stock routes: no SNS nor SQS).
// Endpoints come from AWS_ENDPOINT_URL_*.

const buildCommon = () => {
  const config = readConfig();
  const tracer = createTracer('inventory');
  const dynamo = tracer.captureAWSv3Client(new DynamoDBClient({}));
  return {
    config,
    logger: createLogger('inventory'),
    tracer,
    documents: DynamoDBDocumentClient.from(dynamo, {
      marshallOptions: { removeUndefinedValues: true },
    }),
  };
};

let common: ReturnType<typeof buildCommon> | undefined;
const commonDeps = () => (common ??= buildCommon());

// No idempotency on eventId for either consumer: every write is conditional and keyed by the
// order (its reservation, its holds, its shipment), so a duplicate, a redelivery or a replay moves
// no stock twice and republishes only the stored outcome event, with its eventId. The Powertools
// record would add two writes per event.
const buildOnOrderPlaced = () => {
  const { config, logger, tracer, documents } = commonDeps();
  const reserveOrderDeps: ReserveOrderDeps = {
    startReservation: makeStartReservation(documents, config.RESERVATIONS_TABLE),
    decideReservation: makeDecideReservation(documents, config.RESERVATIONS_TABLE),
    holdStock: makeHoldStock(documents, config.STOCK_TABLE),
    releaseStock: makeReleaseStock(documents, config.STOCK_TABLE),
    shipHeldStock: makeShipHeldStock(documents, config.STOCK_TABLE),
    getStockLevel: makeGetStockLevel(documents, config.STOCK_TABLE),
    publishEvent: makePublishEvent(
      tracer.captureAWSv3Client(new SNSClient({})),
      config.INVENTORY_EVENTS_TOPIC_ARN,
    ),
    now: () => new Date(),
    newEventId: randomUUID,
  };
  return {
    logger,
    tracer,
    sqs: tracer.captureAWSv3Client(new SQSClient({})),
    reserveOrderDeps,
  };
};

const buildOnShipmentCreated = () => {
  const { config, logger, tracer, documents } = commonDeps();
  const shipOrderDeps: ShipOrderDeps = {
    recordShipment: makeRecordShipment(documents, config.RESERVATIONS_TABLE),
    shipHeldStock: makeShipHeldStock(documents, config.STOCK_TABLE),
    now: () => new Date(),
  };
  return {
    logger,
    tracer,
    sqs: tracer.captureAWSv3Client(new SQSClient({})),
    shipOrderDeps,
  };
};

const buildGetStockItem = () => {
  const { config, logger, tracer, documents } = commonDeps();
  return { logger, tracer, getStockLevel: makeGetStockLevel(documents, config.STOCK_TABLE) };
};

const buildPutStockItem = () => {
  const { config, logger, tracer, documents } = commonDeps();
  return { logger, tracer, setOnHand: makeSetOnHand(documents, config.STOCK_TABLE) };
};

/** What onOrderPlaced uses. */
export type OnOrderPlacedDeps = ReturnType<typeof buildOnOrderPlaced>;
/** What onShipmentCreated uses. */
export type OnShipmentCreatedDeps = ReturnType<typeof buildOnShipmentCreated>;
/** What getStockItem uses. */
export type GetStockItemDeps = ReturnType<typeof buildGetStockItem>;
/** What putStockItem uses. */
export type PutStockItemDeps = ReturnType<typeof buildPutStockItem>;

let onOrderPlaced: OnOrderPlacedDeps | undefined;
let onShipmentCreated: OnShipmentCreatedDeps | undefined;
let getStockItem: GetStockItemDeps | undefined;
let putStockItem: PutStockItemDeps | undefined;

/** onOrderPlaced's dependencies: built on first use in a cold start, then reused. */
export const onOrderPlacedDeps = (): OnOrderPlacedDeps => (onOrderPlaced ??= buildOnOrderPlaced());

/** onShipmentCreated's dependencies: built on first use in a cold start, then reused. */
export const onShipmentCreatedDeps = (): OnShipmentCreatedDeps =>
  (onShipmentCreated ??= buildOnShipmentCreated());

/** getStockItem's dependencies: built on first use in a cold start, then reused. */
export const getStockItemDeps = (): GetStockItemDeps => (getStockItem ??= buildGetStockItem());

/** putStockItem's dependencies: built on first use in a cold start, then reused. */
export const putStockItemDeps = (): PutStockItemDeps => (putStockItem ??= buildPutStockItem());
