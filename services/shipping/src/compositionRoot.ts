import { randomInt, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, makeEventIdempotency, makePublishEvent } from '@conveyor/lambda-toolkit';
import { makeLabelUrl, makeStoreLabel } from './adapters/labelsBucket.ts';
import {
  makeGetShipment,
  makeMarkLabelCreated,
  makeSaveNewShipment,
} from './adapters/shipmentsTable.ts';
import { readConfig } from './config.ts';
import type { CreateShipmentDeps } from './domain/createShipment.ts';
import type { RenderLabel } from './domain/label.ts';

// Loaded on first use: only the consumer renders labels, so the HTTP function's cold start
// neither evaluates bwip-js (over half of each bundle) nor loads pdfkit and its fonts.
let renderLabel: Promise<RenderLabel> | undefined;
const lazyRenderLabel: RenderLabel = async (label) => {
  renderLabel ??= import('./adapters/pdfLabel.ts').then(
    ({ makeRenderLabel }) => makeRenderLabel(),
    (error: unknown) => {
      renderLabel = undefined; // let the next record try again
      throw error;
    },
  );
  return (await renderLabel)(label);
};

/** Everything the handlers use, built once per cold start. Endpoints come from AWS_ENDPOINT_URL_*. */
const build = () => {
  const config = readConfig();
  const logger = createLogger('shipping');
  const dynamo = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  // No forcePathStyle: AWS wants virtual-hosted URLs, and the SDK falls back to path style by
  // itself for an IP endpoint such as the local cloud's http://127.0.0.1:PORT.
  const s3 = new S3Client({});
  const getShipment = makeGetShipment(documents, config.SHIPMENTS_TABLE);
  const createShipmentDeps: CreateShipmentDeps = {
    saveNewShipment: makeSaveNewShipment(documents, config.SHIPMENTS_TABLE),
    getShipment,
    markLabelCreated: makeMarkLabelCreated(documents, config.SHIPMENTS_TABLE),
    renderLabel: lazyRenderLabel,
    storeLabel: makeStoreLabel(s3, config.LABELS_BUCKET),
    publishEvent: makePublishEvent(new SNSClient({}), config.SHIPPING_EVENTS_TOPIC_ARN),
    randomInt: (maxExclusive) => randomInt(maxExclusive),
    newShipmentId: () => `shp-${randomUUID()}`,
    now: () => new Date(),
  };
  return {
    config,
    logger,
    sqs: new SQSClient({}),
    createShipmentDeps,
    getShipment,
    labelUrl: makeLabelUrl(s3, config.LABELS_BUCKET, config.LABEL_URL_TTL_SECONDS),
    eventIdempotency: makeEventIdempotency({
      tableName: config.IDEMPOTENCY_TABLE,
      client: dynamo,
      keyPrefix: 'shipping.onInventoryReserved',
    }),
  };
};

/** The service's dependencies. */
export type ShippingDeps = ReturnType<typeof build>;

let deps: ShippingDeps | undefined;

/** The composition root: built on first use in a cold start, then reused. */
export const shippingDeps = (): ShippingDeps => {
  deps ??= build();
  return deps;
};
