import type { ConveyorEvent } from '@conveyor/event-types';
import { PermanentError, TransientError } from '@conveyor/lambda-toolkit';
import { type ApplyOutcome, applyOrderEvent, statusChangeFor } from './applyOrderEvent.ts';
import type { AdvanceOrderStatus, GetOrder } from './order.ts';

/** The ports `recordOrderProgress` needs. */
export interface RecordOrderProgressDeps {
  readonly advanceOrderStatus: AdvanceOrderStatus;
  readonly getOrder: GetOrder;
  readonly now: () => Date;
}

/**
 * Raised when an event names an order checkout does not have. Permanent: redelivering the
 * event changes nothing until an operator restores the order, then redrives it from the DLQ.
 */
export class UnknownOrderError extends PermanentError {
  public override readonly name = 'UnknownOrderError';

  public constructor(orderId: string) {
    super(`Order ${orderId} does not exist`, { httpStatus: 404 });
  }
}

/**
 * Moves an order's status for a downstream event in one conditional write, with no read: the
 * write succeeds only while the status is one the event may move it from. A duplicate finds the
 * order already at the event's status, which is never one it may move from (status only moves
 * forward), so the condition refuses it without looking at the timeline. Only a refused write
 * reads the order, to tell a `duplicate` or `late` event (nothing written) from a missing order.
 * Idempotent by construction: a redelivery (even after a crash right after the write) or a
 * replay is refused and writes nothing; the step publishes nothing.
 */
export const recordOrderProgress = async (
  event: ConveyorEvent,
  deps: RecordOrderProgressDeps,
): Promise<{ outcome: ApplyOutcome; status: string }> => {
  const recordedAt = deps.now();
  const change = statusChangeFor(event, recordedAt);
  if (
    change !== undefined &&
    (await deps.advanceOrderStatus({ orderId: event.aggregateId, ...change })) === 'moved'
  ) {
    return { outcome: 'moved', status: change.entry.status };
  }
  const order = await deps.getOrder(event.aggregateId);
  if (order === undefined) throw new UnknownOrderError(event.aggregateId);
  const { outcome } = applyOrderEvent(order, event, recordedAt);
  // The write was refused, so the status was not one to move from, and it only moves on from
  // there. Should the read still say otherwise, the record is retried rather than dropped.
  if (outcome === 'moved') {
    throw new TransientError(
      `Order ${order.orderId} refused ${event.eventType} ${event.eventId}, which it now allows; retrying`,
    );
  }
  return { outcome, status: order.status };
};
