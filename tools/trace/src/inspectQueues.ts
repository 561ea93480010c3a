import {
  type DeadLetterQueue,
  deadLetterQueues,
  type DlqConnection,
  type PeekedMessage,
  peekDeadLetterQueue,
  QueueNotFoundError,
  readQueue,
} from './dlqAccess.ts';
import { stageName, type Topology } from '@conveyor/event-types';
import type { OrderIds } from './selectOrderRecords.ts';

/**
 * A subscription of a consumer queue that SNS delivers no new message to: a replay with an end
 * (`npm run replay -- … --to … --no-resume`) was set on it.
 */
export interface HeldSubscriptionReading {
  /** The topic's physical name. */
  readonly topic: string;
  /** The replay's `EndingPoint`. */
  readonly endingPoint: string;
  /** Its `ReplayStatus`: `Completed` once paused, `Pending` or `In progress` while replaying. */
  readonly status?: string;
}

/** Reads the held subscriptions of a consumer queue; undefined when it has none to read. */
export type HeldSubscriptionReader = (
  queueName: string,
) => Promise<readonly HeldSubscriptionReading[] | undefined>;

/** A queue's depth, or that it does not exist in the stage (its service not running or deployed). */
export type QueueReading =
  | {
      readonly name: string;
      readonly exists: true;
      readonly visible: number;
      readonly inFlight: number;
      /**
       * Of an empty queue a consumer waits on, its subscriptions that SNS holds messages back
       * from (none: an empty list); absent when they were not read.
       */
      readonly held?: readonly HeldSubscriptionReading[];
    }
  | { readonly name: string; readonly exists: false };

/** A DLQ message that belongs to the order. */
export interface OrderDeadLetter {
  readonly queue: DeadLetterQueue;
  readonly messageId: string;
  /** Receives so far, the peek's own included. */
  readonly receiveCount: number;
  readonly sentAt?: string;
  /** Its FIFO group, in a FIFO DLQ. */
  readonly messageGroupId?: string;
  readonly eventType?: string;
  readonly eventId?: string;
  /** The order it names (see {@link belongsToOrder}), when it names one. */
  readonly orderId?: string;
  /** The correlation id it carries, when it carries one. */
  readonly correlationId?: string;
  /** Why the body is not a valid event, when it is not. */
  readonly problems?: readonly string[];
}

/** What the stage's queues say about the order. */
export interface QueueState {
  /** Where they were read: `the local cloud on 127.0.0.1:4566`, `stage "dev" in AWS (…)`. */
  readonly where: string;
  /** Every consumer queue and DLQ of the topology, by physical name. */
  readonly queues: ReadonlyMap<string, QueueReading>;
  /** The order's messages in DLQs. */
  readonly deadLetters: readonly OrderDeadLetter[];
  /**
   * DLQs holding more messages than were looked at, with their depth and how many were;
   * `countedOnly` when none was peeked on purpose (`peekMax` 0), rather than held by another
   * reader or past the limit.
   */
  readonly notAllPeeked: readonly {
    readonly name: string;
    readonly depth: number;
    readonly peeked: number;
    readonly countedOnly: boolean;
  }[];
}

/** Reads the queues of a stage; `inspectQueues` is the real one. */
export type QueueInspector = (ids: OrderIds) => Promise<QueueState>;

/** Most messages looked at per DLQ: a peek holds each for up to 30 s. */
export const defaultPeekMax = 100;

const stringAt = (value: unknown, ...path: string[]): string | undefined => {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' ? node : undefined;
};

const parseBody = (body: string): unknown => {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
};

// Most telling first: a valid envelope, then what a broken body or the message still names.
const namedIds = (message: PeekedMessage): OrderIds => {
  const raw = parseBody(message.body);
  const defined = (values: readonly (string | undefined)[]): string[] =>
    values.filter((value) => value !== undefined);
  return {
    orderIds: defined([
      message.envelope.valid ? message.envelope.aggregateId : undefined,
      stringAt(raw, 'aggregateId'),
      stringAt(raw, 'data', 'orderId'),
      message.messageGroupId,
    ]),
    correlationIds: defined([
      message.envelope.correlationId,
      stringAt(raw, 'metadata', 'correlationId'),
      message.messageAttributes?.['correlationId'],
    ]),
  };
};

const namesAny = (named: OrderIds, ids: OrderIds): boolean =>
  named.orderIds.some((id) => ids.orderIds.includes(id)) ||
  named.correlationIds.some((id) => ids.correlationIds.includes(id));

/**
 * Whether a DLQ message is one of the order's: by its envelope (aggregate id, correlation id),
 * its FIFO group (the order id, as publishers set it), its `correlationId` attribute (as
 * publishers set it, and all a body that is not JSON leaves), or what its body still names when
 * it is not a valid event (`aggregateId`, `data.orderId`, `metadata.correlationId`).
 */
export const belongsToOrder = (message: PeekedMessage, ids: OrderIds): boolean =>
  namesAny(namedIds(message), ids);

const toDeadLetter = (
  queue: DeadLetterQueue,
  message: PeekedMessage,
  named: OrderIds,
): OrderDeadLetter => {
  const { envelope } = message;
  const {
    orderIds: [orderId],
    correlationIds: [correlationId],
  } = named;
  return {
    queue,
    messageId: message.messageId,
    receiveCount: message.receiveCount,
    ...(message.sentAt === undefined ? {} : { sentAt: message.sentAt }),
    ...(message.messageGroupId === undefined ? {} : { messageGroupId: message.messageGroupId }),
    ...(envelope.eventType === undefined ? {} : { eventType: envelope.eventType }),
    ...(envelope.eventId === undefined ? {} : { eventId: envelope.eventId }),
    ...(orderId === undefined ? {} : { orderId }),
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(envelope.valid
      ? {}
      : { problems: envelope.problems.map((issue) => `${issue.path}: ${issue.message}`) }),
  };
};

const read = async (connection: DlqConnection, name: string): Promise<QueueReading> => {
  try {
    const { visible, inFlight } = await readQueue(connection, name);
    return { name, exists: true, visible, inFlight };
  } catch (error) {
    if (error instanceof QueueNotFoundError) return { name, exists: false };
    throw error;
  }
};

/**
 * Makes the inspector of one stage's queues: the depth of every consumer queue and DLQ of the
 * topology, and the order's messages in the DLQs, peeked as `npm run dlq -- peek` does (received
 * with a 30 s visibility timeout, then made visible again: nothing is consumed, and each
 * message's receive count goes up by 1, harmless on a DLQ). Only DLQs that hold something are
 * peeked, at most `peekMax` messages each; with `peekMax` 0 none is, and what they hold is only
 * counted (for a view that reads again every few seconds, where each peek would add a receive
 * and hold the messages from a redrive for a moment).
 *
 * @example
 * ```ts
 * const state = await inspectQueues(connection, topology)({ orderIds: ['ord-1'], correlationIds: [] });
 * ```
 */
export const inspectQueues =
  (connection: DlqConnection, topology: Topology, peekMax = defaultPeekMax): QueueInspector =>
  async (ids) => {
    const { stage } = connection;
    const sourceNames = Object.values(topology.queues).map((queue) => stageName(stage, queue.name));
    const dlqs = deadLetterQueues(stage);
    const readings = await Promise.all(
      [...sourceNames, ...dlqs.map((dlq) => dlq.name)].map((name) => read(connection, name)),
    );
    const queues = new Map(readings.map((reading) => [reading.name, reading]));
    const deadLetters: OrderDeadLetter[] = [];
    const notAllPeeked: QueueState['notAllPeeked'][number][] = [];
    for (const dlq of dlqs) {
      const reading = queues.get(dlq.name);
      if (reading?.exists !== true) continue;
      const depth = reading.visible + reading.inFlight;
      if (depth === 0) continue;
      if (peekMax <= 0) {
        notAllPeeked.push({ name: dlq.name, depth, peeked: 0, countedOnly: true });
        continue;
      }
      const peeked = await peekDeadLetterQueue(connection, dlq, { max: Math.min(depth, peekMax) });
      if (peeked.depth > peeked.messages.length) {
        notAllPeeked.push({
          name: dlq.name,
          depth: peeked.depth,
          peeked: peeked.messages.length,
          countedOnly: false,
        });
      }
      for (const message of peeked.messages) {
        // Its body parsed once, for the match and for the ids the trace names.
        const named = namedIds(message);
        if (namesAny(named, ids)) deadLetters.push(toDeadLetter(dlq, message, named));
      }
    }
    return { where: connection.where, queues, deadLetters, notAllPeeked };
  };
