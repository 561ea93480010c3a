import {
  BatchProcessor,
  EventType as BatchEventType,
  processPartialResponse,
  SqsFifoPartialProcessorAsync,
} from '@aws-lambda-powertools/batch';
import { IdempotencyAlreadyInProgressError } from '@aws-lambda-powertools/idempotency';
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  ChangeMessageVisibilityCommand,
  GetQueueUrlCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import {
  assertHandlersCover,
  type EventOf,
  type EventType,
  parseEvent,
  type QueueKey,
  topology,
} from '@conveyor/event-types';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DomainError, InvalidEventError, ToolkitError, UnhandledEventTypeError } from './errors.ts';
import type { EventIdempotency } from './eventIdempotency.ts';
import type { HandlerContext } from './handlerContext.ts';
import { inHandlerSubsegment, inSubsegment, type Tracer } from './tracer.ts';

/** What a per-event handler gets besides the event. */
export interface RecordContext extends HandlerContext {
  /** The raw SQS record, for its attributes (receive count, message group). */
  readonly record: SQSRecord;
}

/** A handler of one event type. Its result, if any, must be JSON-serialisable: idempotency stores it. */
export type EventHandler<TType extends EventType> = (
  event: EventOf<TType>,
  context: RecordContext,
) => Promise<unknown>;

/**
 * Handlers by event type. A record of a type without a handler (its subscription lets more
 * through than the topology says) is a permanent failure.
 */
export type EventHandlers = { readonly [TType in EventType]?: EventHandler<TType> };

/** Options of {@link makeSqsEventHandler}. */
export interface SqsEventHandlerOptions {
  /**
   * The topology key of the queue this function consumes, such as `emailNotifications`. Its
   * kind comes from the topology: a FIFO queue keeps order per message group, a standard
   * queue's records are handled in parallel.
   */
  readonly queue: QueueKey;
  /** The service logger, built once per cold start. */
  readonly logger: Logger;
  /**
   * The handlers of the event types this queue's subscriptions let through, every one of them:
   * a type without a handler fails {@link makeSqsEventHandler} at cold start.
   */
  readonly handlers: EventHandlers;
  /** Makes each event's handling idempotent on `eventId`. Omit only for handlers idempotent by construction. */
  readonly idempotency?: EventIdempotency;
  /**
   * When given, a record that failed permanently is made visible again at once
   * (`ChangeMessageVisibility` to 0), so it reaches the DLQ after `maxReceiveCount` quick
   * receives instead of one visibility timeout each. On a FIFO queue only when nothing of its
   * group follows it in the batch (see `expediteAfterBatch`).
   * Needs `sqs:GetQueueUrl` and `sqs:ChangeMessageVisibility` on the source queue.
   */
  readonly sqsClient?: SQSClient;
  /**
   * The service's tracer ({@link createTracer}). In Lambda with active tracing, the invocation
   * is a `## <queue>` subsegment and each record a `### <eventType>` subsegment annotated with
   * its `correlationId`, `eventId` and `aggregateId`, so X-Ray finds an order's traces by them.
   */
  readonly tracer?: Tracer;
}

// Anything but a non-retryable DomainError is retried: an unknown error is more often a
// dependency's hiccup than a poison record, and the DLQ still takes it after maxReceiveCount.
const describe = (error: unknown): { permanent: boolean; reason: string } => {
  if (error instanceof DomainError) return { permanent: !error.retryable, reason: error.message };
  if (error instanceof IdempotencyAlreadyInProgressError) {
    return { permanent: false, reason: 'the same event is being handled concurrently' };
  }
  return { permanent: false, reason: error instanceof Error ? error.message : String(error) };
};

// An attribute is the sender's text: only id-shaped values reach the logs (never an address).
const ID_SHAPED = /^[A-Za-z0-9._:-]{1,128}$/;

/** The `correlationId` and `eventType` attributes a publisher set on the record, if id-shaped. */
const idAttributesOf = (record: SQSRecord): Record<string, string> => {
  const ids: Record<string, string> = {};
  for (const name of ['correlationId', 'eventType'] as const) {
    const value = record.messageAttributes[name]?.stringValue;
    if (value !== undefined && ID_SHAPED.test(value)) ids[name] = value;
  }
  return ids;
};

/**
 * Makes a Lambda handler for the SQS event source of one topology queue carrying Conveyor
 * events. At cold start it checks that `handlers` covers every event type the queue's
 * subscriptions let through, and throws naming the queue and the missing types if not. Each
 * record's body is validated with `@conveyor/event-types`; an invalid body is a permanent
 * failure, logged with every issue, and reaches the DLQ through the queue's redrive policy.
 * Valid events go to the handler of their type, idempotently on `eventId` when `idempotency` is
 * given (a copy its record answers is logged with `outcome: 'duplicate'`). What a handler throws
 * decides the record's fate: a non-retryable {@link DomainError} (a `PermanentError`) is a
 * permanent failure, anything else is retried. The result lists failed records in
 * `batchItemFailures` (the event source needs `ReportBatchItemFailures`).
 *
 * FIFO queues use Powertools' FIFO processor with `skipGroupOnError`: after a failure, the rest
 * of that message group in the batch is reported failed so order is kept, and other groups go on.
 *
 * @example
 * ```ts
 * export const handler = makeSqsEventHandler({
 *   queue: 'inventoryOrders',
 *   logger,
 *   idempotency,
 *   handlers: { 'order.placed': (event) => reserveOrder(event, deps) },
 * });
 * ```
 */
export const makeSqsEventHandler = (
  options: SqsEventHandlerOptions,
): ((event: SQSEvent, context: Context) => Promise<SQSBatchResponse>) => {
  const { queue, logger, handlers, idempotency, sqsClient, tracer } = options;
  const queueSpec = topology.queues[queue];
  if (queueSpec === undefined) {
    throw new ToolkitError(`No queue "${queue}" in the topology`);
  }
  // At cold start: a gap would otherwise send every event of the missing type to the DLQ.
  assertHandlersCover(queue, Object.keys(handlers));
  const queueUrls = new Map<string, Promise<string | undefined>>();

  const queueUrlOf = (client: SQSClient, arn: string): Promise<string | undefined> => {
    let url = queueUrls.get(arn);
    if (url === undefined) {
      // arn:partition:sqs:region:account:name
      const [, , , , account, name] = arn.split(':');
      url =
        name === undefined
          ? Promise.resolve(undefined)
          : client
              .send(
                new GetQueueUrlCommand({
                  QueueName: name,
                  ...(account ? { QueueOwnerAWSAccountId: account } : {}),
                }),
              )
              .then((result) => result.QueueUrl);
      queueUrls.set(arn, url);
    }
    return url;
  };

  // Best effort: if it fails, the record simply waits out its visibility timeout.
  const expediteToDlq = async (record: SQSRecord): Promise<void> => {
    if (sqsClient === undefined) return;
    try {
      const queueUrl = await queueUrlOf(sqsClient, record.eventSourceARN);
      if (queueUrl === undefined) return;
      await sqsClient.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    } catch (error) {
      queueUrls.delete(record.eventSourceARN);
      logger.warn('Could not make a permanently failed record visible again', {
        messageId: record.messageId,
        error: error as Error,
      });
    }
  };

  const dispatch = async (event: EventOf<EventType>, context: RecordContext): Promise<unknown> => {
    const handler = handlers[event.eventType] as EventHandler<EventType> | undefined;
    if (handler === undefined) {
      throw new UnhandledEventTypeError(
        `No handler for ${event.eventType} on this queue; check its filter policy`,
      );
    }
    return handler(event, context);
  };
  // The records whose handler ran. Powertools answers a duplicate from its record without
  // calling the function and says nothing of it, so a record missing here was a duplicate.
  const dispatched = new WeakSet<RecordContext>();
  const handle =
    idempotency === undefined
      ? dispatch
      : idempotency.wrap(
          async (event: EventOf<EventType>, context: RecordContext) => {
            dispatched.add(context);
            return dispatch(event, context);
          },
          (_event, context) => context.lambdaContext,
        );

  const makeRecordHandler =
    (lambdaContext: Context, onPermanentFailure: (record: SQSRecord) => void) =>
    async (record: SQSRecord): Promise<unknown> => {
      const parsed = parseEvent(record.body);
      const receiveCount = Number(record.attributes.ApproximateReceiveCount);
      if (!parsed.success) {
        // The invocation, and what the publisher's attributes say, so that `npm run trace` and a
        // log search find the line by its correlation id even when the body is not an event.
        const invalidLogger = logger.createChild();
        invalidLogger.addContext(lambdaContext);
        invalidLogger.error(
          'Invalid event: permanent failure, it goes to the DLQ after the last receive',
          {
            messageId: record.messageId,
            receiveCount,
            ...idAttributesOf(record),
            issues: parsed.error.issues,
          },
        );
        onPermanentFailure(record);
        throw new InvalidEventError(parsed.error.issues, { cause: parsed.error });
      }
      const { event } = parsed;
      // A child per record: standard batches run in parallel, so keys on a shared logger would mix.
      const recordLogger = logger.createChild();
      // The function's name and request id on every line: which invocation handled the record.
      recordLogger.addContext(lambdaContext);
      recordLogger.appendKeys({
        correlationId: event.metadata.correlationId,
        eventId: event.eventId,
        aggregateId: event.aggregateId,
        eventType: event.eventType,
      });
      const recordContext: RecordContext = { record, lambdaContext, logger: recordLogger };
      try {
        const result = await inSubsegment(
          tracer,
          `### ${event.eventType}`,
          {
            correlationId: event.metadata.correlationId,
            eventId: event.eventId,
            aggregateId: event.aggregateId,
          },
          () => handle(event, recordContext),
        );
        if (idempotency !== undefined && !dispatched.has(recordContext)) {
          // `outcome` as the services' own duplicate lines have it, which `npm run trace` shows.
          recordLogger.info('Answered from the idempotency record: the handler did not run', {
            messageId: record.messageId,
            receiveCount,
            outcome: 'duplicate',
          });
        }
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
        if (permanent) onPermanentFailure(record);
        throw error;
      }
    };

  /**
   * After a batch, makes permanently failed records visible again at once, so they reach the
   * DLQ in quick receives. On a FIFO queue only a record with nothing of its group behind it
   * in the batch: the records held behind a poison record would otherwise be received again
   * while this batch still runs, and every receive counts toward their maxReceiveCount. Those
   * wait out the visibility timeout, as Lambda's own retries do. Transient failures always do.
   */
  const expediteAfterBatch = async (
    event: SQSEvent,
    permanentlyFailed: ReadonlySet<SQSRecord>,
  ): Promise<void> => {
    if (sqsClient === undefined || permanentlyFailed.size === 0) return;
    const records = event.Records;
    for (const [index, record] of records.entries()) {
      if (!permanentlyFailed.has(record)) continue;
      const group = record.attributes.MessageGroupId;
      const holdsOthers =
        group !== undefined &&
        records.slice(index + 1).some((later) => later.attributes.MessageGroupId === group);
      if (!holdsOthers) await expediteToDlq(record);
    }
  };

  // A processor per invocation: Powertools keeps the batch's records and results on the
  // processor, so one shared by concurrent invocations (in-process locally) mixes their answers.
  const { fifo } = queueSpec;
  return (event, context) =>
    inHandlerSubsegment(tracer, queue, { records: event.Records.length }, async () => {
      const permanentlyFailed = new Set<SQSRecord>();
      const handler = makeRecordHandler(context, (record) => permanentlyFailed.add(record));
      const response = fifo
        ? await processPartialResponse(event, handler, new SqsFifoPartialProcessorAsync(), {
            context,
            skipGroupOnError: true,
            throwOnFullBatchFailure: false,
          })
        : await processPartialResponse(event, handler, new BatchProcessor(BatchEventType.SQS), {
            context,
            throwOnFullBatchFailure: false,
          });
      await expediteAfterBatch(event, permanentlyFailed);
      return response;
    });
};
