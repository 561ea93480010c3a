import { randomInt, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, createTracer, makePublishEvent } from '@conveyor/lambda-toolkit';
import { makeLabelUrl, makeStoreLabel, s3EndpointFromEnv } from './adapters/labelsBucket.ts';
import {
  makeGetShipment,
  makeMarkLabelCreated,
  makeSaveNewShipment,
} from './adapters/shipmentsTable.ts';
import { readConfig } from './config.ts';
import type { CreateShipmentDeps } from './domain/createShipment.ts';
import type { RenderLabel } from './domain/label.ts';

// One builder per function, each reached only from its handler: a function's bundle carries
// the clients and adapters it calls and no others (getShipment: no pdfkit, SNS nor SQS).
// Endpoints come from AWS_ENDPOINT_URL_*.

// Loaded on first use, after the cold start: pdfkit and bwip-js are half of the consumer's
// bundle, and evaluating them waits for the first label.
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

const buildCommon = () => {
  const config = readConfig();
  const tracer = createTracer('shipping');
  return {
    config,
    logger: createLogger('shipping'),
    tracer,
    documents: DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
      marshallOptions: { removeUndefinedValues: true },
    }),
  };
};

let common: ReturnType<typeof buildCommon> | undefined;
const commonDeps = () => (common ??= buildCommon());

// No forcePathStyle: AWS wants virtual-hosted URLs, and the SDK falls back to path style by
// itself for an IP endpoint such as the local cloud's http://127.0.0.1:PORT.
const newS3Client = () => new S3Client({});

// No idempotency on eventId: the shipment is put only if the order has none and carries its
// shipment.created, so a redelivery or a replay resumes it (createShipment). The Powertools
// record would only add two writes per record.
const buildOnInventoryReserved = () => {
  const { config, logger, tracer, documents } = commonDeps();
  const createShipmentDeps: CreateShipmentDeps = {
    saveNewShipment: makeSaveNewShipment(documents, config.SHIPMENTS_TABLE),
    getShipment: makeGetShipment(documents, config.SHIPMENTS_TABLE),
    markLabelCreated: makeMarkLabelCreated(documents, config.SHIPMENTS_TABLE),
    renderLabel: lazyRenderLabel,
    storeLabel: makeStoreLabel(tracer.captureAWSv3Client(newS3Client()), config.LABELS_BUCKET),
    publishEvent: makePublishEvent(
      tracer.captureAWSv3Client(new SNSClient({})),
      config.SHIPPING_EVENTS_TOPIC_ARN,
    ),
    randomInt: (maxExclusive) => randomInt(maxExclusive),
    newShipmentId: () => `shp-${randomUUID()}`,
    now: () => new Date(),
  };
  return {
    logger,
    tracer,
    sqs: tracer.captureAWSv3Client(new SQSClient({})),
    createShipmentDeps,
  };
};

const buildGetShipment = () => {
  const { config, logger, tracer, documents } = commonDeps();
  return {
    logger,
    tracer,
    getShipment: makeGetShipment(documents, config.SHIPMENTS_TABLE),
    // No S3 client, so nothing to trace: presigning calls nothing. Signed with the credentials
    // provider the SDK's clients use, for the endpoint they would read from the environment.
    labelUrl: makeLabelUrl(
      {
        region: config.AWS_REGION,
        endpoint: s3EndpointFromEnv(process.env),
        credentials: defaultProvider(),
      },
      config.LABELS_BUCKET,
      config.LABEL_URL_TTL_SECONDS,
    ),
  };
};

/** What onInventoryReserved uses. */
export type OnInventoryReservedDeps = ReturnType<typeof buildOnInventoryReserved>;

/** What getShipment uses. */
export type GetShipmentDeps = ReturnType<typeof buildGetShipment>;

let onInventoryReserved: OnInventoryReservedDeps | undefined;
let getShipment: GetShipmentDeps | undefined;

/** onInventoryReserved's dependencies: built on first use in a cold start, then reused. */
export const onInventoryReservedDeps = (): OnInventoryReservedDeps =>
  (onInventoryReserved ??= buildOnInventoryReserved());

/** getShipment's dependencies: built on first use in a cold start, then reused. */
export const getShipmentDeps = (): GetShipmentDeps => (getShipment ??= buildGetShipment());
