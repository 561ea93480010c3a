import type { ConveyorEvent } from '@conveyor/event-types';
import { makeSqsEventHandler, type RecordContext } from '@conveyor/lambda-toolkit';
import { onOrderProgressDeps } from '../compositionRoot.ts';
import { recordOrderProgress } from '../domain/recordOrderProgress.ts';

const deps = onOrderProgressDeps();

// An event for an order checkout does not have throws UnknownOrderError, a permanent failure.
const progress = async (event: ConveyorEvent, { logger }: RecordContext) => {
  logger.info('Order progress recorded', await recordOrderProgress(event, deps));
};

/**
 * Consumes `checkout-order-status.fifo`: `inventory.reserved` (→ CONFIRMED),
 * `inventory.reservation-failed` (→ REJECTED) and `shipment.created` (→ SHIPPED).
 * Idempotent by construction (see `recordOrderProgress`), so no eventId idempotency on top.
 */
export const handler = makeSqsEventHandler({
  queue: 'checkoutOrderStatus',
  logger: deps.logger,
  tracer: deps.tracer,
  sqsClient: deps.sqs,
  handlers: {
    'inventory.reserved': progress,
    'inventory.reservation-failed': progress,
    'shipment.created': progress,
  },
});
