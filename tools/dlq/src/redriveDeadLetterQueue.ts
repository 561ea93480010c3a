import {
  DeleteMessageCommand,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksResultEntry,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { DlqSources } from '@conveyor/serverless-topology';
import { type DlqConnection, errorContext, localStage, Targets } from './connectToStage.ts';
import type { DeadLetterQueue } from './deadLetterQueues.ts';
import {
  DlqError,
  isUnsupportedAction,
  MoveTaskUnsupportedError,
  RedriveError,
  toDlqError,
  UsageError,
} from './errors.ts';
import {
  describeEnvelope,
  peekDeadLetterQueue,
  peekVisibilitySeconds,
  releaseMessages,
} from './peekDeadLetterQueue.ts';
import { type QueueState, readQueue } from './readQueue.ts';

/** How `redrive` moves messages. */
export const RedriveMethods = {
  /** `move-task` in AWS, `manual` on the local cloud (fauxqs has no StartMessageMoveTask). */
  Auto: 'auto',
  /** SQS's own asynchronous `StartMessageMoveTask`. */
  MoveTask: 'move-task',
  /** One message at a time: receive from the DLQ, send to the source queue, then delete. */
  Manual: 'manual',
} as const;

/** A redrive method. */
export type RedriveMethod = (typeof RedriveMethods)[keyof typeof RedriveMethods];

/** Options of {@link redriveDeadLetterQueue}. */
export interface RedriveOptions {
  /** Default `auto`. */
  readonly method?: RedriveMethod;
  /** Move at most this many (manual only; `auto` then moves manually). Default: the depth. */
  readonly max?: number;
  /**
   * DLQ message ids to leave in the DLQ while the rest move (manual only; `auto` then moves
   * manually): a poison event whose FIFO group followed it into the DLQ. In a FIFO DLQ each is
   * sent to the back of its group (a new message id) so the messages behind it can move.
   */
  readonly keep?: readonly string[];
  /** `MaxNumberOfMessagesPerSecond` of a move task; AWS picks a rate when omitted. */
  readonly ratePerSecond?: number;
  /** Wait for a move task to finish; default true. */
  readonly wait?: boolean;
  /** Pause between move-task status polls; default 2 s. */
  readonly pollIntervalMs?: number;
  /** Progress lines while it runs. */
  readonly onProgress?: (line: string) => void;
}

/** A message moved by the manual method. */
export interface RedrivenMessage {
  /** Its id in the DLQ. */
  readonly dlqMessageId: string;
  /** Its id in the source queue: a new message. */
  readonly newMessageId: string;
  readonly eventId?: string;
  /** FIFO: the group it had, kept so the consumer sees it in its aggregate's order. */
  readonly messageGroupId?: string;
  /** FIFO: the fresh deduplication id it was sent with. */
  readonly messageDeduplicationId?: string;
}

/** A message `keep` left in the DLQ. */
export interface KeptMessage {
  /** Its id in the DLQ before the redrive. */
  readonly dlqMessageId: string;
  /** Its id in the DLQ now: a new one when it was moved to the back of its FIFO group. */
  readonly messageId: string;
}

/** What `redrive` did. */
export interface RedriveResult {
  readonly queue: DeadLetterQueue;
  /** The method actually used. */
  readonly method: Exclude<RedriveMethod, 'auto'>;
  /** Messages moved (for a move task not waited for, those moved so far). */
  readonly moved: number;
  /** Manual method: each message moved, in order. */
  readonly messages: readonly RedrivenMessage[];
  /** Manual method: the messages `keep` named, still in the DLQ. */
  readonly kept: readonly KeptMessage[];
  /** Move task: its last known state. */
  readonly task?: {
    readonly status: string;
    readonly handle?: string;
    readonly toMove?: number;
    readonly failureReason?: string;
  };
  /** The DLQ's depth afterwards (approximate in AWS). */
  readonly remaining: number;
  /** Of `remaining`, those in flight: received by another reader, out of this redrive's reach. */
  readonly remainingInFlight: number;
  /** Anything the operator should know, such as a fallback to the manual method. */
  readonly notes: readonly string[];
}

/**
 * How long a message being moved stays hidden in the DLQ: it is deleted as soon as the send
 * succeeds, so this only matters if the tool dies in between; then it reappears in the DLQ.
 */
const moveVisibilitySeconds = 60;

// SendMessage takes only these; list values are reserved by SQS and never set by Conveyor.
const copyAttributes = (
  attributes: Record<string, MessageAttributeValue> | undefined,
): Record<string, MessageAttributeValue> | undefined => {
  if (attributes === undefined || Object.keys(attributes).length === 0) return undefined;
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      {
        DataType: value.DataType,
        ...(value.StringValue === undefined ? {} : { StringValue: value.StringValue }),
        ...(value.BinaryValue === undefined ? {} : { BinaryValue: value.BinaryValue }),
      },
    ]),
  );
};

/**
 * The deduplication id a redriven FIFO message is sent with. Not the original (`eventId`):
 * the source queue may have seen that within its 5-minute deduplication window and would
 * silently drop the redrive. Derived from the DLQ message id rather than random, so that if
 * the tool dies between send and delete, the next run's resend of the same DLQ message is
 * deduplicated instead of delivered twice (the consumers are idempotent on eventId as well).
 */
export const redriveDeduplicationId = (dlqMessageId: string): string => `redrive-${dlqMessageId}`;

const sendToSource = async (
  connection: DlqConnection,
  queue: DeadLetterQueue,
  source: QueueState,
  message: Message,
): Promise<RedrivenMessage> => {
  const dlqMessageId = message.MessageId ?? '';
  const groupId = message.Attributes?.MessageGroupId;
  if (queue.sourceFifo && groupId === undefined) {
    throw new DlqError(`Message ${dlqMessageId} of FIFO queue ${queue.name} has no MessageGroupId`);
  }
  const deduplicationId = redriveDeduplicationId(dlqMessageId);
  const attributes = copyAttributes(message.MessageAttributes);
  const sent = await connection.sqs.send(
    new SendMessageCommand({
      QueueUrl: source.url,
      MessageBody: message.Body ?? '',
      ...(attributes === undefined ? {} : { MessageAttributes: attributes }),
      // A standard source queue (of a delivery DLQ) takes neither id.
      ...(queue.sourceFifo
        ? { MessageGroupId: groupId, MessageDeduplicationId: deduplicationId }
        : {}),
    }),
  );
  const envelope = describeEnvelope(message.Body ?? '');
  return {
    dlqMessageId,
    newMessageId: sent.MessageId ?? '',
    ...(envelope.eventId === undefined ? {} : { eventId: envelope.eventId }),
    ...(queue.sourceFifo && groupId !== undefined
      ? { messageGroupId: groupId, messageDeduplicationId: deduplicationId }
      : {}),
  };
};

// A message `keep` names, in a FIFO DLQ: sent again to the DLQ, behind the rest of its group,
// then deleted, so the group's later messages can be received and moved. The same deduplication
// id on a second run after a crash between send and delete makes SQS drop the second copy.
const sendToBackOfGroup = async (
  connection: DlqConnection,
  queue: DeadLetterQueue,
  dlq: QueueState,
  message: Message,
): Promise<KeptMessage> => {
  const dlqMessageId = message.MessageId ?? '';
  const groupId = message.Attributes?.MessageGroupId;
  if (groupId === undefined) {
    throw new DlqError(`Message ${dlqMessageId} of FIFO queue ${queue.name} has no MessageGroupId`);
  }
  const attributes = copyAttributes(message.MessageAttributes);
  const sent = await connection.sqs.send(
    new SendMessageCommand({
      QueueUrl: dlq.url,
      MessageBody: message.Body ?? '',
      ...(attributes === undefined ? {} : { MessageAttributes: attributes }),
      MessageGroupId: groupId,
      MessageDeduplicationId: `kept-${dlqMessageId}`,
    }),
  );
  await connection.sqs.send(
    new DeleteMessageCommand({ QueueUrl: dlq.url, ReceiptHandle: message.ReceiptHandle }),
  );
  return { dlqMessageId, messageId: sent.MessageId ?? '' };
};

const redriveManually = async (
  connection: DlqConnection,
  queue: DeadLetterQueue,
  dlq: QueueState,
  source: QueueState,
  limit: number,
  keep: ReadonlySet<string>,
  onProgress: (line: string) => void,
): Promise<{ moved: RedrivenMessage[]; kept: KeptMessage[] }> => {
  const moved: RedrivenMessage[] = [];
  const kept: KeptMessage[] = [];
  // Kept messages stay in flight until the end, so no receive returns them again.
  const held: string[] = [];
  const keptIds = new Set<string>();
  try {
    while (moved.length < limit) {
      let batch: Message[];
      try {
        const received = await connection.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: dlq.url,
            MaxNumberOfMessages: Math.min(10, limit - moved.length),
            VisibilityTimeout: moveVisibilitySeconds,
            WaitTimeSeconds: connection.receiveWaitSeconds,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        batch = received.Messages ?? [];
      } catch (error) {
        throw new RedriveError(
          `Stopped after moving ${moved.length} message(s): ${toDlqError(error, errorContext(connection, queue.name)).message}`,
          moved.length,
          { cause: error },
        );
      }
      if (batch.length === 0) break;
      const current = batch;
      // On a failure, what is left of the batch is made visible again at once.
      const releaseFrom = (index: number): Promise<void> =>
        releaseMessages(
          connection,
          dlq.url,
          current.slice(index).flatMap((left) => left.ReceiptHandle ?? []),
        ).catch(() => undefined);
      // In order, one at a time: a FIFO batch holds a run of one group, and its order must hold.
      for (const [index, message] of batch.entries()) {
        const id = message.MessageId ?? '';
        if (keptIds.has(id) || (keep.has(id) && !queue.fifo)) {
          if (message.ReceiptHandle !== undefined) held.push(message.ReceiptHandle);
          if (!keptIds.has(id)) {
            keptIds.add(id);
            kept.push({ dlqMessageId: id, messageId: id });
            onProgress(`kept ${id} in ${queue.name}`);
          }
          continue;
        }
        if (keep.has(id)) {
          let parked: KeptMessage;
          try {
            parked = await sendToBackOfGroup(connection, queue, dlq, message);
          } catch (error) {
            await releaseFrom(index);
            throw new RedriveError(
              `Stopped after moving ${moved.length} message(s): keeping ${id} in ${queue.name} failed (${toDlqError(error, errorContext(connection, queue.name)).message}). It and the rest are still in ${queue.name}.`,
              moved.length,
              { cause: error },
            );
          }
          keptIds.add(parked.messageId);
          kept.push(parked);
          onProgress(
            `kept ${id} in ${queue.name}, now ${parked.messageId} at the back of its group`,
          );
          continue;
        }
        let redriven: RedrivenMessage;
        try {
          redriven = await sendToSource(connection, queue, source, message);
        } catch (error) {
          await releaseFrom(index);
          const reason = toDlqError(error, errorContext(connection, source.name)).message;
          throw new RedriveError(
            `Stopped after moving ${moved.length} message(s): sending ${message.MessageId ?? '?'} to ${source.name} failed (${reason}). It and the rest are still in ${queue.name}.`,
            moved.length,
            { cause: error },
          );
        }
        try {
          await connection.sqs.send(
            new DeleteMessageCommand({ QueueUrl: dlq.url, ReceiptHandle: message.ReceiptHandle }),
          );
        } catch (error) {
          throw new RedriveError(
            `Message ${redriven.dlqMessageId} reached ${source.name} but could not be deleted from ${queue.name} (${error instanceof Error ? error.message : String(error)}). Run redrive again: the resend carries the same deduplication id, and consumers are idempotent on eventId.`,
            moved.length + 1,
            { cause: error },
          );
        }
        moved.push(redriven);
        onProgress(
          `moved ${redriven.dlqMessageId} -> ${redriven.newMessageId}${redriven.eventId === undefined ? '' : ` (event ${redriven.eventId})`}`,
        );
      }
    }
  } finally {
    await releaseMessages(connection, dlq.url, held).catch(() => undefined);
  }
  return { moved, kept };
};

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

const activeStatuses = new Set(['RUNNING', 'CANCELLING']);

/*
 * StartMessageMoveTask: SQS moves the messages itself, asynchronously, from a DLQ back to the
 * queue(s) whose RedrivePolicy targets it (or to DestinationArn). Since 2023-11-28 it supports
 * FIFO queues as well as standard ones ("Announcing throughput increase and dead letter queue
 * redrive support for Amazon SQS FIFO queues", AWS News Blog; the SDK's own doc comment lost
 * "Currently, only standard queues are supported" in aws-sdk-js-v3 commit e6c79171, and the
 * @aws-sdk/client-sqs 3.1169 installed here lists no such limit). Per the SQS Developer Guide
 * ("Configuring a dead-letter queue redrive"): a redriven message is a new message with a new
 * MessageId and enqueue time (so its retention starts again); on FIFO queues redriven messages
 * interleave with new ones in the source queue's groups, and a message's deduplication id was
 * already replaced by its original MessageId when it entered the DLQ, so the source queue does
 * not deduplicate it away. Limits: only DLQs whose
 * sources are SQS queues (not Lambda or SNS DLQs), one active task per queue, and it needs
 * sqs:StartMessageMoveTask/ListMessageMoveTasks plus receive/delete on the DLQ and send on the
 * source. fauxqs 2.4 does not implement it (its README lists StartMessageMoveTask,
 * ListMessageMoveTasks, CancelMessageMoveTask and ListDeadLetterSourceQueues as "No", and
 * dist/app.js registers no handler, so it answers InvalidAction "Unknown action").
 */
const redriveWithMoveTask = async (
  connection: DlqConnection,
  queue: DeadLetterQueue,
  dlq: QueueState,
  source: QueueState,
  options: RedriveOptions,
  onProgress: (line: string) => void,
): Promise<{ moved: number; task: NonNullable<RedriveResult['task']> }> => {
  let handle: string | undefined;
  try {
    const started = await connection.sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: dlq.arn,
        DestinationArn: source.arn,
        ...(options.ratePerSecond === undefined
          ? {}
          : { MaxNumberOfMessagesPerSecond: options.ratePerSecond }),
      }),
    );
    handle = started.TaskHandle;
  } catch (error) {
    if (isUnsupportedAction(error)) {
      throw new MoveTaskUnsupportedError(connection.where, { cause: error });
    }
    throw toDlqError(error, errorContext(connection, queue.name));
  }
  const withHandle = handle === undefined ? {} : { handle };
  onProgress(`started move task ${handle ?? ''} from ${queue.name} to ${source.name}`);
  if (options.wait === false) {
    return { moved: 0, task: { status: 'RUNNING', ...withHandle, toMove: dlq.depth } };
  }
  for (;;) {
    let latest: ListMessageMoveTasksResultEntry | undefined;
    try {
      // Newest first, and only one task can be active per DLQ: the first entry is ours.
      const listed = await connection.sqs.send(
        new ListMessageMoveTasksCommand({ SourceArn: dlq.arn, MaxResults: 1 }),
      );
      latest = listed.Results?.[0];
    } catch (error) {
      throw toDlqError(error, errorContext(connection, queue.name));
    }
    const status = latest?.Status ?? 'UNKNOWN';
    const moved = latest?.ApproximateNumberOfMessagesMoved ?? 0;
    const toMove = latest?.ApproximateNumberOfMessagesToMove;
    if (!activeStatuses.has(status)) {
      const task = {
        status,
        ...withHandle,
        ...(toMove === undefined ? {} : { toMove }),
        ...(latest?.FailureReason === undefined ? {} : { failureReason: latest.FailureReason }),
      };
      if (status === 'FAILED') {
        throw new RedriveError(
          `Move task ${handle ?? ''} failed after moving about ${moved} message(s): ${latest?.FailureReason ?? 'no reason given'}`,
          moved,
        );
      }
      return { moved, task };
    }
    onProgress(`move task ${status}: ${moved} of ${toMove ?? '?'} moved`);
    await sleep(options.pollIntervalMs ?? 2_000);
  }
};

/**
 * Moves a DLQ's messages back to its source queue, the queue whose RedrivePolicy targets the
 * DLQ (checked, not assumed). With `move-task` SQS does it (AWS only); with `manual` each
 * message is received, sent to the source queue and only then deleted from the DLQ, so a
 * failure leaves it in the DLQ, never nowhere. Both keep a FIFO message's MessageGroupId and
 * give it a deduplication id the source queue has not seen. Redriving does not fix anything by
 * itself: fix the cause first, or the messages come back after `maxReceiveCount` receives.
 *
 * @throws QueueNotFoundError when either queue is missing.
 * @throws MoveTaskUnsupportedError with `method: 'move-task'` where SQS lacks it (the local cloud).
 * @throws RedriveError when it stops part-way, with how many messages had moved.
 */
export const redriveDeadLetterQueue = async (
  connection: DlqConnection,
  queue: DeadLetterQueue,
  options: RedriveOptions = {},
): Promise<RedriveResult> => {
  const onProgress = options.onProgress ?? (() => undefined);
  const requested = options.method ?? RedriveMethods.Auto;
  if (requested === RedriveMethods.MoveTask && options.max !== undefined) {
    throw new UsageError('--max needs --method manual: a move task always moves the whole DLQ.');
  }
  const keep = new Set(options.keep ?? []);
  if (requested === RedriveMethods.MoveTask && keep.size > 0) {
    throw new UsageError('--keep needs --method manual: a move task always moves the whole DLQ.');
  }
  const [dlq, source] = [
    await readQueue(connection, queue.name),
    await readQueue(connection, queue.sourceName),
  ];
  // A delivery DLQ is the subscriptions' (SNS's) DLQ, which no queue's RedrivePolicy names.
  const fromSubscriptions = queue.source === DlqSources.Subscriptions;
  if (!fromSubscriptions && source.deadLetterTargetArn !== dlq.arn) {
    throw new DlqError(
      `Refusing to redrive: ${source.name}'s RedrivePolicy targets ${source.deadLetterTargetArn ?? 'no DLQ'}, not ${dlq.arn}.`,
    );
  }
  if (fromSubscriptions && requested === RedriveMethods.MoveTask) {
    throw new UsageError(
      `${queue.name} holds deliveries SNS gave up on; SQS move tasks take only DLQs of SQS queues: use --method manual.`,
    );
  }
  const notes: string[] = [];
  const finish = async (
    method: RedriveResult['method'],
    moved: number,
    messages: readonly RedrivenMessage[],
    task?: RedriveResult['task'],
    kept: readonly KeptMessage[] = [],
  ): Promise<RedriveResult> => {
    const after = await readQueue(connection, queue.name);
    return {
      queue,
      method,
      moved,
      messages,
      kept,
      ...(task === undefined ? {} : { task }),
      remaining: after.depth,
      remainingInFlight: after.inFlight,
      notes,
    };
  };
  const useMoveTask =
    requested === RedriveMethods.MoveTask ||
    (requested === RedriveMethods.Auto &&
      connection.target === Targets.Aws &&
      !fromSubscriptions &&
      options.max === undefined &&
      keep.size === 0);
  if (useMoveTask) {
    try {
      const { moved, task } = await redriveWithMoveTask(
        connection,
        queue,
        dlq,
        source,
        options,
        onProgress,
      );
      return await finish(RedriveMethods.MoveTask, moved, [], task);
    } catch (error) {
      if (!(error instanceof MoveTaskUnsupportedError) || requested !== RedriveMethods.Auto) {
        throw error;
      }
      notes.push(`${error.message} Fell back to the manual method.`);
    }
  }
  let unchecked: string[] = [];
  if (keep.size > 0) {
    // A mistyped id would redrive the very message meant to stay: check them all first. A FIFO
    // group's messages past its first 10 cannot be read without moving those; such an id is
    // checked as the redrive meets it instead.
    const peeked = await peekDeadLetterQueue(connection, queue, { max: dlq.depth + 10 });
    const present = new Set(peeked.messages.map((message) => message.messageId));
    const missing = [...keep].filter((id) => !present.has(id));
    if (missing.length > 0 && !peeked.notAllReached) {
      const stage = queue.stage === localStage ? '' : ` --stage ${queue.stage}`;
      throw new UsageError(
        `${queue.name} holds no message ${missing.join(', ')}; nothing was moved. npm run dlq -- peek ${queue.name}${stage} shows the message ids (a message kept by an earlier --keep has the new id that redrive printed).`,
      );
    }
    unchecked = missing;
  }
  const { moved: messages, kept } = await redriveManually(
    connection,
    queue,
    dlq,
    source,
    options.max ?? dlq.depth,
    keep,
    onProgress,
  );
  if (messages.length > 0 && (options.ratePerSecond !== undefined || options.wait === false)) {
    notes.push(
      '--rate and --no-wait apply to a move task only: the messages were moved one at a time, and the command waited for the last.',
    );
  }
  // How the messages went matters only when some did: an empty DLQ gets no method notes.
  if (messages.length > 0 && fromSubscriptions) {
    notes.push(
      `${queue.name} holds deliveries SNS gave up on; they were sent to ${queue.sourceName}, one at a time (SQS move tasks take only DLQs of SQS queues).`,
    );
  } else if (
    messages.length > 0 &&
    requested === RedriveMethods.Auto &&
    connection.target === Targets.Local
  ) {
    notes.push(
      'The local cloud (fauxqs) has no StartMessageMoveTask: moved one message at a time (receive, send to the source queue, delete).',
    );
  }
  const unmet = unchecked.filter((id) => !kept.some((message) => message.dlqMessageId === id));
  if (unmet.length > 0) {
    notes.push(
      `--keep named ${unmet.join(', ')}, which the redrive never met (not in ${queue.name}, or its group's earlier messages could not be read): nothing was kept for it.`,
    );
  }
  return finish(RedriveMethods.Manual, messages.length, messages, undefined, kept);
};

/** Renders `redrive`'s result. */
export const formatRedriveResult = (result: RedriveResult): string => {
  const { queue } = result;
  const lines = [
    result.task?.status === 'RUNNING'
      ? `Started a move task from ${queue.name} to ${queue.sourceName} (task ${result.task.handle ?? '?'}, about ${result.task.toMove ?? '?'} message(s)); it runs on in SQS.`
      : result.moved === 0
        ? `Nothing to redrive: no message was moved from ${queue.name}.`
        : `Moved ${result.moved} message(s) from ${queue.name} to ${queue.sourceName} (${result.method}).`,
  ];
  for (const message of result.messages) {
    const fifo =
      message.messageGroupId === undefined
        ? ''
        : `  group ${message.messageGroupId}  dedup ${message.messageDeduplicationId ?? '-'}`;
    lines.push(
      `  ${message.dlqMessageId} -> ${message.newMessageId}  event ${message.eventId ?? '-'}${fifo}`,
    );
  }
  for (const message of result.kept) {
    lines.push(
      message.messageId === message.dlqMessageId
        ? `  kept ${message.dlqMessageId} in ${queue.name}`
        : `  kept ${message.dlqMessageId} in ${queue.name}, now ${message.messageId} at the back of its group (its receive count starts again)`,
    );
  }
  lines.push(...result.notes);
  lines.push(
    result.remaining === 0
      ? `${queue.name} is empty.`
      : `${queue.name} still holds about ${result.remaining} message(s).`,
  );
  // A move task's own messages are in flight while it runs; only the manual method's are others'.
  if (result.method === RedriveMethods.Manual && result.remainingInFlight > 0) {
    lines.push(
      `  About ${result.remainingInFlight} of them in flight: another reader holds them, so this redrive could not receive them${queue.fifo ? ', nor what is behind them in their groups' : ''} (a peek, for up to ${peekVisibilitySeconds} s; a redrive stopped or still running, for up to ${moveVisibilitySeconds} s). Run the redrive again once they are visible: \`list\` shows them as in flight until then.`,
    );
  }
  return lines.join('\n');
};
