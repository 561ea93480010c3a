import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, createTracer, makePublishEvent } from '@conveyor/lambda-toolkit';
import { makeFindCatalogueItems } from './adapters/catalogueFile.ts';
import {
  makeGetCustomerByEmail,
  makeListUnpublishedCustomers,
  makeMarkCustomerPublished,
  makeSaveNewCustomer,
} from './adapters/customersTable.ts';
import {
  makeAdvanceOrderStatus,
  makeGetOrder,
  makeListUnpublishedOrders,
  makeMarkOrderPublished,
  makeSaveNewOrder,
} from './adapters/ordersTable.ts';
import { readConfig } from './config.ts';

// One builder per function, each reached only from its handler: a function's bundle carries
// the clients and adapters it calls and no others (getOrder: no SNS nor SQS; postCustomer: no
// catalogue nor orders).
// Endpoints come from AWS_ENDPOINT_URL_*.

const buildCommon = () => {
  const config = readConfig();
  const tracer = createTracer('checkout');
  const dynamo = tracer.captureAWSv3Client(new DynamoDBClient({}));
  return {
    config,
    logger: createLogger('checkout'),
    tracer,
    documents: DynamoDBDocumentClient.from(dynamo, {
      marshallOptions: { removeUndefinedValues: true },
    }),
  };
};

let common: ReturnType<typeof buildCommon> | undefined;
const commonDeps = () => (common ??= buildCommon());

// One SNS client per cold start, shared by the topics a function publishes to (the republisher
// publishes to both), and built only in the functions that publish.
let sns: SNSClient | undefined;
const snsClient = (): SNSClient =>
  (sns ??= commonDeps().tracer.captureAWSv3Client(new SNSClient({})));

const publishOrderEvents = () =>
  makePublishEvent(snsClient(), commonDeps().config.ORDER_EVENTS_TOPIC_ARN);

const publishCustomerEvents = () =>
  makePublishEvent(snsClient(), commonDeps().config.CUSTOMER_EVENTS_TOPIC_ARN);

const buildPostCheckout = () => {
  const { config, logger, tracer, documents } = commonDeps();
  return {
    logger,
    tracer,
    placeOrderDeps: {
      findCatalogueItems: makeFindCatalogueItems(),
      saveNewOrder: makeSaveNewOrder(documents, config.ORDERS_TABLE),
      getOrder: makeGetOrder(documents, config.ORDERS_TABLE),
      publishEvent: publishOrderEvents(),
      markOrderPublished: makeMarkOrderPublished(documents, config.ORDERS_TABLE),
      onPublishFailed: (orderId: string, error: unknown) => {
        logger.error('Publishing order.placed failed; the republisher will send it', {
          orderId,
          error: error as Error,
        });
      },
      now: () => new Date(),
      newOrderId: randomUUID,
    },
  };
};

const buildPostCustomer = () => {
  const { config, logger, tracer, documents } = commonDeps();
  return {
    logger,
    tracer,
    registerCustomerDeps: {
      saveNewCustomer: makeSaveNewCustomer(documents, config.CUSTOMERS_TABLE),
      getCustomerByEmail: makeGetCustomerByEmail(documents, config.CUSTOMERS_TABLE),
      publishEvent: publishCustomerEvents(),
      markCustomerPublished: makeMarkCustomerPublished(documents, config.CUSTOMERS_TABLE),
      onPublishFailed: (customerId: string, error: unknown) => {
        logger.error('Publishing customer.registered failed; the republisher will send it', {
          customerId,
          error: error as Error,
        });
      },
      now: () => new Date(),
      newCustomerId: randomUUID,
    },
  };
};

const buildGetOrder = () => {
  const { config, logger, tracer, documents } = commonDeps();
  return { logger, tracer, getOrder: makeGetOrder(documents, config.ORDERS_TABLE) };
};

// No idempotency on eventId: status only moves forward and each move is one write conditional
// on the status it moves from, so a duplicate, a redelivery or a replay is refused and writes
// nothing. The Powertools record would only add two writes per event. getOrder serves only
// refused writes, to tell a duplicate or late event from an unknown order.
const buildOnOrderProgress = () => {
  const { config, logger, tracer, documents } = commonDeps();
  return {
    logger,
    tracer,
    sqs: tracer.captureAWSv3Client(new SQSClient({})),
    advanceOrderStatus: makeAdvanceOrderStatus(documents, config.ORDERS_TABLE),
    getOrder: makeGetOrder(documents, config.ORDERS_TABLE),
    now: () => new Date(),
  };
};

const buildRepublishUnpublished = () => {
  const { config, logger, tracer, documents } = commonDeps();
  return {
    logger,
    tracer,
    listUnpublishedOrders: makeListUnpublishedOrders(documents, config.ORDERS_TABLE),
    markOrderPublished: makeMarkOrderPublished(documents, config.ORDERS_TABLE),
    publishEvent: publishOrderEvents(),
    listUnpublishedCustomers: makeListUnpublishedCustomers(documents, config.CUSTOMERS_TABLE),
    markCustomerPublished: makeMarkCustomerPublished(documents, config.CUSTOMERS_TABLE),
    publishCustomerEvent: publishCustomerEvents(),
  };
};

/** What postCheckout uses. */
export type PostCheckoutDeps = ReturnType<typeof buildPostCheckout>;
/** What postCustomer uses. */
export type PostCustomerDeps = ReturnType<typeof buildPostCustomer>;
/** What getOrder uses. */
export type GetOrderDeps = ReturnType<typeof buildGetOrder>;
/** What onOrderProgress uses. */
export type OnOrderProgressDeps = ReturnType<typeof buildOnOrderProgress>;
/** What republishUnpublished uses. */
export type RepublishUnpublishedDeps = ReturnType<typeof buildRepublishUnpublished>;

let postCheckout: PostCheckoutDeps | undefined;
let postCustomer: PostCustomerDeps | undefined;
let getOrder: GetOrderDeps | undefined;
let onOrderProgress: OnOrderProgressDeps | undefined;
let republishUnpublished: RepublishUnpublishedDeps | undefined;

/** postCheckout's dependencies: built on first use in a cold start, then reused. */
export const postCheckoutDeps = (): PostCheckoutDeps => (postCheckout ??= buildPostCheckout());

/** postCustomer's dependencies: built on first use in a cold start, then reused. */
export const postCustomerDeps = (): PostCustomerDeps => (postCustomer ??= buildPostCustomer());

/** getOrder's dependencies: built on first use in a cold start, then reused. */
export const getOrderDeps = (): GetOrderDeps => (getOrder ??= buildGetOrder());

/** onOrderProgress's dependencies: built on first use in a cold start, then reused. */
export const onOrderProgressDeps = (): OnOrderProgressDeps =>
  (onOrderProgress ??= buildOnOrderProgress());

/** republishUnpublished's dependencies: built on first use in a cold start, then reused. */
export const republishUnpublishedDeps = (): RepublishUnpublishedDeps =>
  (republishUnpublished ??= buildRepublishUnpublished());
