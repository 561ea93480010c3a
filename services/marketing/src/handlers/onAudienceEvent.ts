import type {
  CustomerRegisteredV1,
  InventoryReservationFailedV1,
  OrderPlacedV1,
} from '@conveyor/event-types';
import { makeSqsEventHandler, maskEmail, type RecordContext } from '@conveyor/lambda-toolkit';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { onAudienceEventDeps } from '../compositionRoot.ts';
import { audienceOrderFrom } from '../domain/audienceOrderFrom.ts';
import { newsletterSubscriptionFrom } from '../domain/newsletterSubscriptionFrom.ts';
import { orderRejectionFrom } from '../domain/orderRejectionFrom.ts';
import { recordAudienceOrder } from '../domain/recordAudienceOrder.ts';
import { recordNewsletterSubscription } from '../domain/recordNewsletterSubscription.ts';
import { recordOrderRejection } from '../domain/recordOrderRejection.ts';

const deps = onAudienceEventDeps();

// Each still conflicting after its read-merge-write rounds throws ContactVersionConflictError,
// a transient error: the queue retries the record.

const onOrderPlaced = async (event: OrderPlacedV1, { logger, lambdaContext }: RecordContext) => {
  const order = audienceOrderFrom(event, maskEmail);
  if (order === undefined) {
    logger.warn('Order without marketing consent ignored; the subscription filter should drop it');
    return;
  }
  const result = await recordAudienceOrder(order, deps.contactStore);
  logger.info('Audience contact updated', {
    ...result,
    orderId: order.orderId,
    invocationId: lambdaContext.awsRequestId,
  });
};

const onCustomerRegistered = async (
  event: CustomerRegisteredV1,
  { logger, lambdaContext }: RecordContext,
) => {
  const subscription = newsletterSubscriptionFrom(event, maskEmail);
  if (subscription === undefined) {
    logger.warn(
      'Registration without marketing consent ignored; the subscription filter should drop it',
    );
    return;
  }
  const result = await recordNewsletterSubscription(subscription, deps.contactStore);
  logger.info('Newsletter subscription recorded', {
    ...result,
    invocationId: lambdaContext.awsRequestId,
  });
};

const onReservationFailed = async (
  event: InventoryReservationFailedV1,
  { logger, lambdaContext }: RecordContext,
) => {
  const rejection = orderRejectionFrom(event);
  const result = await recordOrderRejection(rejection, deps.contactStore);
  logger.info('Rejected order left out of the audience', {
    ...result,
    orderId: rejection.orderId,
    invocationId: lambdaContext.awsRequestId,
  });
};

// Idempotent by construction (see updateContact), so no eventId idempotency on top.
const processBatch = makeSqsEventHandler({
  queue: 'marketingAudience',
  logger: deps.logger,
  tracer: deps.tracer,
  sqsClient: deps.sqs,
  handlers: {
    'order.placed': onOrderPlaced,
    'customer.registered': onCustomerRegistered,
    'inventory.reservation-failed': onReservationFailed,
  },
});

/**
 * Consumes `marketing-audience` (standard queue: opted-in `order.placed` and
 * `customer.registered`, every `inventory.reservation-failed`) in large batches gathered over a
 * batching window; records of a batch run in parallel. The batch size is logged per invocation:
 * it is what makes this queue cheap.
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
