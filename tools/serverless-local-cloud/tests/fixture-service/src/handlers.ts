import { setTimeout as sleep } from 'node:timers/promises';
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Behaviour, Instruction, Observation } from './instruction.ts';
import { instanceId, lingerPastTimeout } from './lingering.ts';

// Configured only through the environment the plugin sets (AWS_ENDPOINT_URL_SQS, AWS_REGION).
const sqs = new SQSClient({});
// One per module, as handlers commonly keep it. It holds per-batch state: safe only because an
// execution environment runs one invocation at a time, as in Lambda.
const processor = new SqsFifoPartialProcessorAsync();

const instructionOf = (record: SQSRecord): Instruction => JSON.parse(record.body) as Instruction;

/** A behaviour applies until the record's receive count reaches `untilReceive`, if given. */
const applies = (record: SQSRecord, behaviour: Behaviour): boolean => {
  const instruction = instructionOf(record);
  return (
    instruction.behaviour === behaviour &&
    (instruction.untilReceive === undefined ||
      Number(record.attributes.ApproximateReceiveCount) < instruction.untilReceive)
  );
};

// When each invocation began, by request id, until it reports (once).
const startedAt = new Map<string, string>();

const begin = (context: Context): void => {
  startedAt.set(context.awsRequestId, process.hrtime.bigint().toString());
};

const startOf = (context: Context): string => {
  const started = startedAt.get(context.awsRequestId) ?? '0';
  startedAt.delete(context.awsRequestId);
  return started;
};

const observe = async (
  event: SQSEvent,
  context: Context,
  outcome: Pick<Observation, 'outcome' | 'processed' | 'failed'>,
): Promise<void> => {
  const observation: Observation = {
    functionName: process.env['AWS_LAMBDA_FUNCTION_NAME'] ?? '?',
    instanceId,
    requestId: context.awsRequestId,
    startedAt: startOf(context),
    at: process.hrtime.bigint().toString(),
    records: event.Records,
    endpoints: {
      sqs: process.env['AWS_ENDPOINT_URL_SQS'] ?? '',
      sns: process.env['AWS_ENDPOINT_URL_SNS'] ?? '',
      s3: process.env['AWS_ENDPOINT_URL_S3'] ?? '',
      dynamodb: process.env['AWS_ENDPOINT_URL_DYNAMODB'] ?? '',
      sesv2: process.env['AWS_ENDPOINT_URL_SESV2'] ?? '',
      region: process.env['AWS_REGION'] ?? '',
    },
    initializationType: process.env['AWS_LAMBDA_INITIALIZATION_TYPE'] ?? '',
    ...outcome,
  };
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: process.env['OBSERVATIONS_QUEUE_URL'],
      MessageBody: JSON.stringify(observation),
    }),
  );
};

/** Throws or outlives the timeout when any record says so, after reporting the invocation. */
const failWholeBatchIfTold = async (event: SQSEvent, context: Context): Promise<void> => {
  if (event.Records.some((record) => applies(record, 'throw'))) {
    await observe(event, context, { outcome: 'threw', processed: [], failed: [] });
    throw new Error('told to throw');
  }
  const lingering = event.Records.find((record) => applies(record, 'timeout'));
  if (lingering !== undefined) {
    await observe(event, context, { outcome: 'timedOut', processed: [], failed: [] });
    await lingerPastTimeout(instructionOf(lingering).runId, context);
  }
};

/** Standard queues: fails the records that say so, through batchItemFailures. */
export const standardConsumer = async (
  event: SQSEvent,
  context: Context,
): Promise<SQSBatchResponse> => {
  begin(context);
  await failWholeBatchIfTold(event, context);
  if (event.Records.some((record) => applies(record, 'badItemIdentifier'))) {
    await observe(event, context, { outcome: 'badResponse', processed: [], failed: [] });
    return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
  }
  const failed = event.Records.filter((record) => applies(record, 'fail')).map(
    ({ messageId }) => messageId,
  );
  const processed = event.Records.map(({ messageId }) => messageId).filter(
    (id) => !failed.includes(id),
  );
  await observe(event, context, { outcome: 'returned', processed, failed });
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
};

/** FIFO queues: Powertools' FIFO processor, skipping the rest of a group after a failure. */
export const fifoConsumer = async (
  event: SQSEvent,
  context: Context,
): Promise<SQSBatchResponse> => {
  begin(context);
  await failWholeBatchIfTold(event, context);
  const processed: string[] = [];
  const response = await processPartialResponse(
    event,
    async (record: SQSRecord) => {
      await sleep(instructionOf(record).delayMs ?? 0);
      if (applies(record, 'fail')) {
        throw new Error(`told to fail ${record.messageId}`);
      }
      processed.push(record.messageId);
    },
    processor,
    { context, skipGroupOnError: true, throwOnFullBatchFailure: false },
  );
  await observe(event, context, {
    outcome: 'returned',
    processed,
    failed: response.batchItemFailures.map(({ itemIdentifier }) => itemIdentifier),
  });
  return response;
};
