import type { ConveyorEvent } from '@conveyor/event-types';
import { makeSqsEventHandler, PermanentError, type RecordContext } from '@conveyor/lambda-toolkit';
import { checkoutDeps } from '../compositionRoot.ts';
import { recordOrderProgress, UnknownOrderError } from '../domain/recordOrderProgress.ts';

const deps = checkoutDeps();

const progress = async (event: ConveyorEvent, { logger }: RecordContext) => {
  try {
    const result = await recordOrderProgress(event, deps);
    logger.info('Order progress recorded', result);
    return result;
  } catch (error) {
    if (error instanceof UnknownOrderError)
      throw new PermanentError(error.message, { cause: error });
    throw error;
  }
};

/**
 * Consumes `checkout-order-status.fifo`: `inventory.reserved` (→ CONFIRMED),
 * `inventory.reservation-failed` (→ REJECTED) and `shipment.created` (→ SHIPPED).
 */
export const handler = makeSqsEventHandler({
  queueType: 'fifo',
  logger: deps.logger,
  idempotency: deps.eventIdempotency,
  sqsClient: deps.sqs,
  handlers: {
    'inventory.reserved': progress,
    'inventory.reservation-failed': progress,
    'shipment.created': progress,
  },
});
