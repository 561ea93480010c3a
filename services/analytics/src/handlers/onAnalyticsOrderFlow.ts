import { makeSqsEventHandler, type RecordContext } from '@conveyor/lambda-toolkit';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { onAnalyticsOrderFlowDeps } from '../compositionRoot.ts';
import { orderFactFrom, type OrderFlowEvent } from '../domain/orderFactFrom.ts';
import { recordOrderFact } from '../domain/recordOrderFact.ts';

const deps = onAnalyticsOrderFlowDeps();

const record = async (event: OrderFlowEvent, { logger, lambdaContext }: RecordContext) => {
  const result = await recordOrderFact(orderFactFrom(event), deps.factStore);
  logger.info('Order fact recorded', { ...result, invocationId: lambdaContext.awsRequestId });
  return result;
};

// Idempotent by construction (see recordOrderFact), so no eventId idempotency on top.
const processBatch = makeSqsEventHandler({
  queue: 'analyticsOrderFlow',
  logger: deps.logger,
  tracer: deps.tracer,
  sqsClient: deps.sqs,
  handlers: {
    'order.placed': record,
    'inventory.reserved': record,
    'inventory.reservation-failed': record,
    'shipment.created': record,
  },
});

/**
 * Consumes `analytics-order-flow` (standard queue: every `order.placed`,
 * `inventory.reserved`, `inventory.reservation-failed` and `shipment.created`) in large batches
 * gathered over a batching window; records of a batch run in parallel. The batch size is logged
 * per invocation: it is what makes this queue cheap.
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const batchSize = event.Records.length;
  deps.logger.info('Order-flow batch received', { batchSize, invocationId: context.awsRequestId });
  const response = await processBatch(event, context);
  deps.logger.info('Order-flow batch done', {
    batchSize,
    failed: response.batchItemFailures.length,
    invocationId: context.awsRequestId,
  });
  return response;
};
