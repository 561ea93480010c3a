import type { OrderPlacedV1 } from '@conveyor/event-types';
import { makeSqsEventHandler, maskEmail, type RecordContext } from '@conveyor/lambda-toolkit';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { onOrderPlacedDeps } from '../compositionRoot.ts';
import { audienceOrderFrom } from '../domain/audienceOrderFrom.ts';
import { recordAudienceOrder } from '../domain/recordAudienceOrder.ts';

const deps = onOrderPlacedDeps();

const countOrder = async (event: OrderPlacedV1, { logger, lambdaContext }: RecordContext) => {
  const order = audienceOrderFrom(event, maskEmail);
  if (order === undefined) {
    logger.warn('Order without marketing consent ignored; the subscription filter should drop it');
    return { outcome: 'not-opted-in' };
  }
  // Still conflicting after its read-merge-write rounds: ContactVersionConflictError, retried.
  const result = await recordAudienceOrder(order, deps.recordDeps);
  logger.info('Audience contact updated', {
    ...result,
    orderId: order.orderId,
    invocationId: lambdaContext.awsRequestId,
  });
  return result;
};

const processBatch = makeSqsEventHandler({
  queue: 'marketingAudience',
  logger: deps.logger,
  idempotency: deps.eventIdempotency,
  sqsClient: deps.sqs,
  handlers: { 'order.placed': countOrder },
});

/**
 * Consumes `marketing-audience` (standard queue, opted-in `order.placed` only) in large batches
 * gathered over a batching window; records of a batch run in parallel. The batch size is logged
 * per invocation: it is what makes this queue cheap.
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const batchSize = event.Records.length;
  deps.logger.info('Audience batch received', { batchSize, invocationId: context.awsRequestId });
  const response = await processBatch(event, context);
  deps.logger.info('Audience batch done', {
    batchSize,
    failed: response.batchItemFailures.length,
    invocationId: context.awsRequestId,
  });
  return response;
};
