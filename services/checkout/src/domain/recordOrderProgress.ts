import type { ConveyorEvent } from '@conveyor/event-types';
import { PermanentError } from '@conveyor/lambda-toolkit';
import { type ApplyOutcome, applyOrderEvent } from './applyOrderEvent.ts';
import type { GetOrder, SaveOrderProgress } from './order.ts';

/** The ports `recordOrderProgress` needs. */
export interface RecordOrderProgressDeps {
  readonly getOrder: GetOrder;
  readonly saveOrderProgress: SaveOrderProgress;
}

/**
 * Raised when an event names an order checkout does not have. Permanent: redelivering the
 * event changes nothing until an operator restores the order, then redrives it from the DLQ.
 */
export class UnknownOrderError extends PermanentError {
  public constructor(orderId: string) {
    super(`Order ${orderId} does not exist`, { httpStatus: 404 });
  }
}

/**
 * Moves an order's status for a downstream event and stores it, unless the event is a duplicate
 * or late. The save is conditional on the version read, so a concurrent change makes it fail
 * and the event is retried against the new state. Idempotent by construction: the one write
 * records the event's id in the timeline, so a redelivery (even after a crash right after the
 * write) or a replay is a `duplicate` or `late` outcome and writes nothing; the step publishes
 * nothing.
 */
export const recordOrderProgress = async (
  event: ConveyorEvent,
  deps: RecordOrderProgressDeps,
): Promise<{ outcome: ApplyOutcome; status: string }> => {
  const order = await deps.getOrder(event.aggregateId);
  if (order === undefined) throw new UnknownOrderError(event.aggregateId);
  const { outcome, order: next } = applyOrderEvent(order, event);
  if (outcome === 'moved') await deps.saveOrderProgress(next, order.version);
  return { outcome, status: next.status };
};
