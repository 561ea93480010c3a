import { setTimeout as sleep } from 'node:timers/promises';
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Behaviour, Instruction, Observation } from './instruction.ts';

// Configured only through the environment the plugin sets (AWS_ENDPOINT_URL_SQS, AWS_REGION).
const sqs = new SQSClient({});
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

const observe = async (
  event: SQSEvent,
  outcome: Pick<Observation, 'outcome' | 'processed' | 'failed'>,
): Promise<void> => {
  const observation: Observation = {
    functionName: process.env['AWS_LAMBDA_FUNCTION_NAME'] ?? '?',
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
    ...outcome,
  };
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: process.env['OBSERVATIONS_QUEUE_URL'],
      MessageBody: JSON.stringify(observation),
    }),
  );
};

/** Throws or hangs when any record says so, after reporting the invocation. */
const failWholeBatchIfTold = async (event: SQSEvent): Promise<void> => {
  if (event.Records.some((record) => applies(record, 'throw'))) {
    await observe(event, { outcome: 'threw', processed: [], failed: [] });
    throw new Error('told to throw');
  }
  if (event.Records.some((record) => applies(record, 'timeout'))) {
    await observe(event, { outcome: 'timedOut', processed: [], failed: [] });
    // Longer than the function's timeout: serverless-offline stops the invocation.
    await sleep(60_000);
  }
};

/** Standard queues: fails the records that say so, through batchItemFailures. */
export const standardConsumer = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  await failWholeBatchIfTold(event);
  if (event.Records.some((record) => applies(record, 'badItemIdentifier'))) {
    await observe(event, { outcome: 'badResponse', processed: [], failed: [] });
    return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
  }
  const failed = event.Records.filter((record) => applies(record, 'fail')).map(
    ({ messageId }) => messageId,
  );
  const processed = event.Records.map(({ messageId }) => messageId).filter(
    (id) => !failed.includes(id),
  );
  await observe(event, { outcome: 'returned', processed, failed });
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
};

/** FIFO queues: Powertools' FIFO processor, skipping the rest of a group after a failure. */
export const fifoConsumer = async (
  event: SQSEvent,
  context: Context,
): Promise<SQSBatchResponse> => {
  await failWholeBatchIfTold(event);
  const processed: string[] = [];
  const response = await processPartialResponse(
    event,
    async (record: SQSRecord) => {
      await Promise.resolve();
      if (applies(record, 'fail')) {
        throw new Error(`told to fail ${record.messageId}`);
      }
      processed.push(record.messageId);
    },
    processor,
    { context, skipGroupOnError: true, throwOnFullBatchFailure: false },
  );
  await observe(event, {
    outcome: 'returned',
    processed,
    failed: response.batchItemFailures.map(({ itemIdentifier }) => itemIdentifier),
  });
  return response;
};
