import {
  BatchProcessor,
  EventType as BatchEventType,
  processPartialResponse,
  SqsFifoPartialProcessorAsync,
} from '@aws-lambda-powertools/batch';
import { IdempotencyAlreadyInProgressError } from '@aws-lambda-powertools/idempotency';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type EventOf, type EventType, parseEvent } from '@conveyor/event-types';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  InvalidEventError,
  PermanentError,
  TransientError,
  UnhandledEventTypeError,
} from './errors.ts';
import type { EventIdempotency } from './eventIdempotency.ts';

/** Kinds of SQS queue an event source reads from. */
export const QueueTypes = { Fifo: 'fifo', Standard: 'standard' } as const;

/** A kind of SQS queue. */
export type QueueType = (typeof QueueTypes)[keyof typeof QueueTypes];

/** What a per-event handler gets besides the event. */
export interface RecordContext {
  /** The raw SQS record, for its attributes (receive count, message group). */
  readonly record: SQSRecord;
  /** The invocation's Lambda context. */
  readonly lambdaContext: Context;
  /** The service logger, with this record's tracing keys appended. */
  readonly logger: Logger;
}

/** A handler of one event type. Its result, if any, must be JSON-serialisable: idempotency stores it. */
export type EventHandler<TType extends EventType> = (
  event: EventOf<TType>,
  context: RecordContext,
) => Promise<unknown>;

/** Handlers by event type; a type without a handler is a permanent failure on this queue. */
export type EventHandlers = { readonly [TType in EventType]?: EventHandler<TType> };

/** Options of {@link makeSqsEventHandler}. */
export interface SqsEventHandlerOptions {
  /** FIFO queues keep order per message group; standard queues process records in parallel. */
  readonly queueType: QueueType;
  /** The service logger, built once per cold start. */
  readonly logger: Logger;
  /** The handlers of the event types this queue's subscriptions let through. */
  readonly handlers: EventHandlers;
  /** Makes each event's handling idempotent on `eventId`. Omit only for handlers idempotent by construction. */
  readonly idempotency?: EventIdempotency;
}

const describe = (error: unknown): { permanent: boolean; reason: string } => {
  if (error instanceof PermanentError) return { permanent: true, reason: error.message };
  if (error instanceof TransientError) return { permanent: false, reason: error.message };
  if (error instanceof IdempotencyAlreadyInProgressError) {
    return { permanent: false, reason: 'the same event is being handled concurrently' };
  }
  return { permanent: false, reason: error instanceof Error ? error.message : String(error) };
};

/**
 * Makes a Lambda handler for an SQS event source carrying Conveyor events. Each record's body is
 * validated with `@conveyor/event-types`; an invalid body is a permanent failure, logged with
 * every issue, and reaches the DLQ through the queue's redrive policy. Valid events go to the
 * handler of their type, idempotently on `eventId` when `idempotency` is given. The result lists
 * failed records in `batchItemFailures` (the event source needs `ReportBatchItemFailures`).
 *
 * FIFO queues use Powertools' FIFO processor with `skipGroupOnError`: after a failure, the rest
 * of that message group in the batch is reported failed so order is kept, and other groups go on.
 *
 * @example
 * ```ts
 * export const handler = makeSqsEventHandler({
 *   queueType: 'fifo',
 *   logger,
 *   idempotency,
 *   handlers: { 'order.placed': (event) => reserveStock(event, deps) },
 * });
 * ```
 */
export const makeSqsEventHandler = (
  options: SqsEventHandlerOptions,
): ((event: SQSEvent, context: Context) => Promise<SQSBatchResponse>) => {
  const { logger, handlers, idempotency } = options;

  const dispatch = async (event: EventOf<EventType>, context: RecordContext): Promise<unknown> => {
    const handler = handlers[event.eventType] as EventHandler<EventType> | undefined;
    if (handler === undefined) {
      throw new UnhandledEventTypeError(
        `No handler for ${event.eventType} on this queue; check its filter policy`,
      );
    }
    return handler(event, context);
  };
  const handle = idempotency === undefined ? dispatch : idempotency.wrap(dispatch);

  const makeRecordHandler =
    (lambdaContext: Context) =>
    async (record: SQSRecord): Promise<unknown> => {
      const parsed = parseEvent(record.body);
      const receiveCount = Number(record.attributes.ApproximateReceiveCount);
      if (!parsed.success) {
        logger.error(
          'Invalid event: permanent failure, it goes to the DLQ after the last receive',
          {
            messageId: record.messageId,
            receiveCount,
            issues: parsed.error.issues,
          },
        );
        throw new InvalidEventError(parsed.error.issues, { cause: parsed.error });
      }
      const { event } = parsed;
      // A child per record: standard batches run in parallel, so keys on a shared logger would mix.
      const recordLogger = logger.createChild();
      recordLogger.appendKeys({
        correlationId: event.metadata.correlationId,
        eventId: event.eventId,
        aggregateId: event.aggregateId,
        eventType: event.eventType,
      });
      try {
        const result = await handle(event, { record, lambdaContext, logger: recordLogger });
        recordLogger.info('Event handled', { messageId: record.messageId, receiveCount });
        return result;
      } catch (error) {
        const { permanent, reason } = describe(error);
        const message = permanent
          ? 'Event failed permanently: it goes to the DLQ after the last receive'
          : 'Event failed: it will be retried';
        recordLogger[permanent ? 'error' : 'warn'](message, {
          messageId: record.messageId,
          receiveCount,
          permanent,
          reason,
          error: error as Error,
        });
        throw error;
      }
    };

  // Processors are reused across invocations; Powertools resets them per batch.
  if (options.queueType === QueueTypes.Fifo) {
    const processor = new SqsFifoPartialProcessorAsync();
    return async (event, context) => {
      idempotency?.registerLambdaContext(context);
      return processPartialResponse(event, makeRecordHandler(context), processor, {
        context,
        skipGroupOnError: true,
        throwOnFullBatchFailure: false,
      });
    };
  }
  const processor = new BatchProcessor(BatchEventType.SQS);
  return async (event, context) => {
    idempotency?.registerLambdaContext(context);
    return processPartialResponse(event, makeRecordHandler(context), processor, {
      context,
      throwOnFullBatchFailure: false,
    });
  };
};
