import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, createTracer } from '@conveyor/lambda-toolkit';
import { makeListDayEntries, makeNoteMilestone, makeSaveDayEntry } from './adapters/factsTable.ts';
import { readConfig } from './config.ts';

// One builder per function, each reached only from its handler: a function's bundle carries
// the clients and adapters it calls and no others. Endpoints come from AWS_ENDPOINT_URL_*.

const buildCommon = () => {
  const config = readConfig();
  const tracer = createTracer('analytics');
  const dynamo = tracer.captureAWSv3Client(new DynamoDBClient({}));
  return {
    config,
    logger: createLogger('analytics'),
    tracer,
    dynamo,
    documents: DynamoDBDocumentClient.from(dynamo, {
      marshallOptions: { removeUndefinedValues: true },
    }),
  };
};

let common: ReturnType<typeof buildCommon> | undefined;
const commonDeps = () => (common ??= buildCommon());

const buildGetStatus = () => {
  const { config, logger, tracer } = commonDeps();
  return { config, logger, tracer };
};

const buildGetDailyFigures = () => {
  const { config, logger, tracer, documents } = commonDeps();
  return { logger, tracer, listDayEntries: makeListDayEntries(documents, config.FACTS_TABLE) };
};

// No idempotency on eventId: every write is keyed by the business fact and conditional, so a
// duplicate, a redelivery or a replay a year later writes nothing (docs/decisions/
// analytics-counts-facts-not-events.md). The Powertools record would only add three calls.
const buildOnAnalyticsOrderFlow = () => {
  const { config, logger, tracer, documents } = commonDeps();
  return {
    logger,
    tracer,
    sqs: tracer.captureAWSv3Client(new SQSClient({})),
    factStore: {
      saveDayEntry: makeSaveDayEntry(documents, config.FACTS_TABLE),
      noteMilestone: makeNoteMilestone(documents, config.FACTS_TABLE),
    },
  };
};

/** What getStatus uses. */
export type GetStatusDeps = ReturnType<typeof buildGetStatus>;
/** What getDailyFigures uses. */
export type GetDailyFiguresDeps = ReturnType<typeof buildGetDailyFigures>;
/** What onAnalyticsOrderFlow uses. */
export type OnAnalyticsOrderFlowDeps = ReturnType<typeof buildOnAnalyticsOrderFlow>;

let getStatus: GetStatusDeps | undefined;
let getDailyFigures: GetDailyFiguresDeps | undefined;
let onAnalyticsOrderFlow: OnAnalyticsOrderFlowDeps | undefined;

/** getStatus's dependencies: built on first use in a cold start, then reused. */
export const getStatusDeps = (): GetStatusDeps => (getStatus ??= buildGetStatus());

/** getDailyFigures's dependencies: built on first use in a cold start, then reused. */
export const getDailyFiguresDeps = (): GetDailyFiguresDeps =>
  (getDailyFigures ??= buildGetDailyFigures());

/** onAnalyticsOrderFlow's dependencies: built on first use in a cold start, then reused. */
export const onAnalyticsOrderFlowDeps = (): OnAnalyticsOrderFlowDeps =>
  (onAnalyticsOrderFlow ??= buildOnAnalyticsOrderFlow());
