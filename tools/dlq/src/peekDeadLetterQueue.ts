import {
  ChangeMessageVisibilityBatchCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { type EventIssue, parseEvent } from '@conveyor/event-types';
import { type DlqConnection, errorContext } from './connectToStage.ts';
import type { DeadLetterQueue } from './deadLetterQueues.ts';
import { DlqError, toDlqError } from './errors.ts';
import { readQueue } from './readQueue.ts';

/**
 * How long peeked messages stay hidden before the tool makes them visible again: long enough
 * that a peek of many messages does not see the first ones twice, short enough that a crashed
 * peek hides nothing for long.
 */
export const peekVisibilitySeconds = 30;

/** What a message's body says about itself. */
export type PeekedEnvelope =
  | {
      readonly valid: true;
      readonly eventType: string;
      readonly version: number;
      readonly eventId: string;
      readonly correlationId: string;
      readonly aggregateId: string;
    }
  | {
      readonly valid: false;
      /** Whatever of the envelope could be read from the body, for finding related logs. */
      readonly eventType?: string;
      readonly eventId?: string;
      readonly correlationId?: string;
      /** The order or customer it is about (its FIFO group, in a FIFO queue). */
      readonly aggregateId?: string;
      /** Why `parseEvent` rejects it: the reason a consumer failed it permanently. */
      readonly problems: readonly EventIssue[];
    };

/** One message as `peek` shows it. */
export interface PeekedMessage {
  readonly messageId: string;
  /** SQS's ApproximateReceiveCount, this peek's own receive included. */
  readonly receiveCount: number;
  /** ApproximateFirstReceiveTimestamp, as ISO-8601. */
  readonly firstReceivedAt?: string;
  /** SentTimestamp, as ISO-8601. */
  readonly sentAt?: string;
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
  /** String and Number message attributes by name: the publishers' eventType, eventVersion, correlationId. */
  readonly messageAttributes?: Readonly<Record<string, string>>;
  readonly envelope: PeekedEnvelope;
  /** Holds customer data (emails, postal addresses): print it only when asked (`--body`). */
  readonly body: string;
}

/** What `peek` found. */
export interface PeekResult {
  readonly queue: DeadLetterQueue;
  /** The DLQ's depth before the peek. */
  readonly depth: number;
  readonly messages: readonly PeekedMessage[];
  /**
   * Fewer shown than the DLQ holds and than asked for: in a FIFO DLQ, SQS returns no more of a
   * group while its earlier messages are held by this peek (at most 10 a receive), so a group's
   * later messages cannot be read until those leave. In flight elsewhere, also unseen.
   */
  readonly notAllReached: boolean;
}

/** A peeked message as `peek --json` prints it: its body only when asked for. */
export type PeekedMessageOutput = Omit<PeekedMessage, 'body'> & { readonly body?: string };

/** A {@link PeekResult} as `peek --json` prints it. */
export interface PeekResultOutput extends Omit<PeekResult, 'messages'> {
  readonly messages: readonly PeekedMessageOutput[];
}

/** Options of {@link peekDeadLetterQueue}. */
export interface PeekOptions {
  /** At most this many messages; default 10. */
  readonly max?: number;
}

const isoOf = (epochMs: string | undefined): string | undefined =>
  epochMs === undefined ? undefined : new Date(Number(epochMs)).toISOString();

const stringAt = (value: unknown, ...path: string[]): string | undefined => {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' ? node : undefined;
};

/** Reads the envelope of a body with `parseEvent`; for an invalid one, what can still be read. */
export const describeEnvelope = (body: string): PeekedEnvelope => {
  const parsed = parseEvent(body);
  if (parsed.success) {
    const { event } = parsed;
    return {
      valid: true,
      eventType: event.eventType,
      version: event.version,
      eventId: event.eventId,
      correlationId: event.metadata.correlationId,
      aggregateId: event.aggregateId,
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    raw = undefined;
  }
  const eventType = stringAt(raw, 'eventType');
  const eventId = stringAt(raw, 'eventId');
  const correlationId = stringAt(raw, 'metadata', 'correlationId');
  const aggregateId = stringAt(raw, 'aggregateId');
  return {
    valid: false,
    ...(eventType === undefined ? {} : { eventType }),
    ...(eventId === undefined ? {} : { eventId }),
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(aggregateId === undefined ? {} : { aggregateId }),
    problems: parsed.error.issues,
  };
};

// Binary attributes are left out: none of the publishers sets one, and bytes do not print.
const stringAttributesOf = (message: Message): Record<string, string> =>
  Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).flatMap(([name, value]) =>
      value.StringValue === undefined ? [] : [[name, value.StringValue]],
    ),
  );

const toPeeked = (message: Message): PeekedMessage => {
  const attributes = message.Attributes ?? {};
  const messageAttributes = stringAttributesOf(message);
  const firstReceivedAt = isoOf(attributes.ApproximateFirstReceiveTimestamp);
  const sentAt = isoOf(attributes.SentTimestamp);
  const body = message.Body ?? '';
  return {
    messageId: message.MessageId ?? '',
    receiveCount: Number(attributes.ApproximateReceiveCount ?? 0),
    ...(firstReceivedAt === undefined ? {} : { firstReceivedAt }),
    ...(sentAt === undefined ? {} : { sentAt }),
    ...(attributes.MessageGroupId === undefined
      ? {}
      : { messageGroupId: attributes.MessageGroupId }),
    ...(attributes.MessageDeduplicationId === undefined
      ? {}
      : { messageDeduplicationId: attributes.MessageDeduplicationId }),
    ...(Object.keys(messageAttributes).length === 0 ? {} : { messageAttributes }),
    envelope: describeEnvelope(body),
    body,
  };
};

/**
 * Makes received messages visible again at once. Exported for redrive, which hands back the
 * messages it will not move.
 */
export const releaseMessages = async (
  connection: DlqConnection,
  queueUrl: string,
  receiptHandles: readonly string[],
): Promise<void> => {
  for (let start = 0; start < receiptHandles.length; start += 10) {
    const chunk = receiptHandles.slice(start, start + 10);
    const result = await connection.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((handle, index) => ({
          Id: String(index),
          ReceiptHandle: handle,
          VisibilityTimeout: 0,
        })),
      }),
    );
    if ((result.Failed ?? []).length > 0) {
      throw new Error(
        `ChangeMessageVisibility failed for ${String(result.Failed?.length)} message(s): ${result.Failed?.map((failure) => failure.Message ?? failure.Code).join('; ') ?? ''}`,
      );
    }
  }
};

/**
 * Shows a DLQ's messages without consuming them: receives them with a short visibility
 * timeout, keeping each in flight so later receives return the next ones, then sets their
 * visibility back to 0. SQS has no read-only receive, so **every peek adds 1 to each message's
 * ApproximateReceiveCount**. On these DLQs that is harmless: a DLQ has no RedrivePolicy of its
 * own, so no count moves or drops a message, and a redriven message starts again from 0 as a
 * new message. The count then reads "processing attempts + peeks".
 * While a FIFO message is peeked its group is locked for other receivers, for at most
 * {@link peekVisibilitySeconds}.
 *
 * @throws QueueNotFoundError when the DLQ does not exist in the stage.
 */
export const peekDeadLetterQueue = async (
  connection: DlqConnection,
  queue: DeadLetterQueue,
  options: PeekOptions = {},
): Promise<PeekResult> => {
  const max = options.max ?? 10;
  const state = await readQueue(connection, queue.name);
  const messages: PeekedMessage[] = [];
  const handles: string[] = [];
  let failure: unknown;
  try {
    while (messages.length < max) {
      const received = await connection.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: state.url,
          MaxNumberOfMessages: Math.min(10, max - messages.length),
          VisibilityTimeout: peekVisibilitySeconds,
          WaitTimeSeconds: connection.receiveWaitSeconds,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      const batch = received.Messages ?? [];
      if (batch.length === 0) break;
      for (const message of batch) {
        if (message.ReceiptHandle !== undefined) handles.push(message.ReceiptHandle);
        messages.push(toPeeked(message));
      }
    }
  } catch (error) {
    failure = error;
  }
  try {
    await releaseMessages(connection, state.url, handles);
  } catch (error) {
    throw new DlqError(
      `Peeked ${messages.length} message(s) of ${queue.name} but could not make them visible again (${error instanceof Error ? error.message : String(error)}); they reappear on their own within ${peekVisibilitySeconds} s.`,
      { cause: error },
    );
  }
  if (failure !== undefined) throw toDlqError(failure, errorContext(connection, queue.name));
  return {
    queue,
    depth: state.depth,
    messages,
    notAllReached: messages.length < max && messages.length < state.depth,
  };
};

const describeIssue = (issue: EventIssue): string => `${issue.path}: ${issue.message}`;

/**
 * What `peek --json` prints: the result without the bodies, which hold customer data, unless
 * `body` is set; the same rule as {@link formatPeekResult}. Ids, attributes, the envelope and
 * its validation problems stay, to find the message and why it failed.
 *
 * @example
 * ```ts
 * JSON.stringify(peekResultForOutput(result, { body: args.body }));
 * ```
 */
export const peekResultForOutput = (
  result: PeekResult,
  options: { body?: boolean } = {},
): PeekResultOutput =>
  options.body === true
    ? result
    : {
        ...result,
        messages: result.messages.map(({ body, ...withoutBody }) => withoutBody),
      };

/** Renders `peek`: one block per message, and what peeking did to the receive counts. */
export const formatPeekResult = (result: PeekResult, options: { body?: boolean } = {}): string => {
  const { queue, depth, messages } = result;
  const header = `${queue.name} (consumer ${queue.consumer}, source ${queue.sourceName}): depth ${depth}, showing ${messages.length}.`;
  const note = `Peeked without consuming: each message was received once and made visible again, so its receive count went up by 1 (harmless on a DLQ, which has no redrive policy of its own).${
    result.notAllReached
      ? queue.fifo
        ? ` ${depth - messages.length} message(s) could not be reached: SQS returns no more of a FIFO group while its earlier messages are held, at most 10 at a time, so a group's later messages show once those have left the DLQ (a redrive moves them), or they are in flight elsewhere.`
        : ` ${depth - messages.length} message(s) could not be reached: in flight elsewhere.`
      : ''
  }`;
  const blocks = messages.map((message, index) => {
    const { envelope } = message;
    const lines = [
      `#${index + 1} ${message.messageId}`,
      `   receives ${message.receiveCount} (this peek included)  first received ${message.firstReceivedAt ?? '-'}  sent ${message.sentAt ?? '-'}`,
    ];
    if (message.messageGroupId !== undefined) {
      lines.push(
        `   group ${message.messageGroupId}  dedup ${message.messageDeduplicationId ?? '-'}`,
      );
    }
    if (message.messageAttributes !== undefined) {
      lines.push(
        `   attributes ${Object.entries(message.messageAttributes)
          .map(([name, value]) => `${name}=${value}`)
          .join('  ')}`,
      );
    }
    if (envelope.valid) {
      lines.push(
        `   ${envelope.eventType} v${envelope.version}  eventId ${envelope.eventId}  correlationId ${envelope.correlationId}  aggregateId ${envelope.aggregateId}`,
      );
    } else {
      lines.push(
        `   INVALID event  eventType ${envelope.eventType ?? '-'}  eventId ${envelope.eventId ?? '-'}  correlationId ${envelope.correlationId ?? '-'}  aggregateId ${envelope.aggregateId ?? '-'}`,
        ...envelope.problems.map((issue) => `     ${describeIssue(issue)}`),
      );
    }
    if (options.body === true) lines.push(`   body ${message.body}`);
    return lines.join('\n');
  });
  return [
    header,
    messages.length === 0 ? 'No messages.' : note,
    ...(blocks.length === 0 ? [] : ['', blocks.join('\n\n')]),
  ].join('\n');
};
