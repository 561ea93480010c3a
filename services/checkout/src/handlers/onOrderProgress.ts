import type { ConveyorEvent } from '@conveyor/event-types';
import { makeSqsEventHandler, type RecordContext } from '@conveyor/lambda-toolkit';
import { onOrderProgressDeps } from '../compositionRoot.ts';
import { recordOrderProgress } from '../domain/recordOrderProgress.ts';

const deps = onOrderProgressDeps();

// An event for an order checkout does not have throws UnknownOrderError, a permanent failure.
const progress = async (event: ConveyorEvent, { logger }: RecordContext) => {
  const result = await recordOrderProgress(event, deps);
  logger.info('Order progress recorded', result);
  return result;
};

/**
 * Consumes `checkout-order-status.fifo`: `inventory.reserved` (→ CONFIRMED),
 * `inventory.reservation-failed` (→ REJECTED) and `shipment.created` (→ SHIPPED).
 */
export const handler = makeSqsEventHandler({
  queue: 'checkoutOrderStatus',
  logger: deps.logger,
  tracer: deps.tracer,
  idempotency: deps.eventIdempotency,
  sqsClient: deps.sqs,
  handlers: {
    'inventory.reserved': progress,
    'inventory.reservation-failed': progress,
    'shipment.created': progress,
  },
});
