import { EventTypesError, type QueueKey, stageName, topology } from '@conveyor/event-types';
import {
  deadLetterQueuesOf,
  type DlqSource,
  DlqSources,
  MAX_RECEIVE_COUNT,
} from '@conveyor/serverless-topology';
import { UnknownQueueError, UsageError } from './errors.ts';

/** What sends to a DLQ (`DeadLetterQueue.source`), from `@conveyor/serverless-topology`. */
/** Receives of a message before SQS moves it to its DLQ (every queue's `maxReceiveCount`). */
export { DlqSources, MAX_RECEIVE_COUNT };

/**
 * A dead-letter queue of a consumer queue in one stage, as `@conveyor/serverless-topology` builds
 * it from `libs/event-types/topology.json`: the queue's own DLQ, or the delivery DLQ of a standard
 * queue's subscriptions to a FIFO topic.
 */
export interface DeadLetterQueue {
  /** Topology key of the source queue, such as `inventoryOrders`. */
  readonly key: QueueKey;
  /** The service that consumes the source queue. */
  readonly consumer: string;
  /** Whether the DLQ is FIFO. */
  readonly fifo: boolean;
  /** Whether the source queue is FIFO (a delivery DLQ is FIFO for a standard queue). */
  readonly sourceFifo: boolean;
  /**
   * What sends to it: `queue`, SQS after the source queue's `maxReceiveCount` receives (its
   * RedrivePolicy); `subscriptions`, SNS for deliveries to the source queue it gave up on.
   */
  readonly source: DlqSource;
  /** The stage both queues belong to. */
  readonly stage: string;
  /** Physical name of the DLQ, such as `conveyor-dev-inventory-orders-dlq.fifo`. */
  readonly name: string;
  /** Physical name of the queue its messages were meant for: where redrive sends them. */
  readonly sourceName: string;
}

/**
 * Checks a stage name as the services name their resources (`conveyor-<stage>-...`).
 *
 * @throws UsageError when `stage` is not 1-20 lower-case letters, digits or dashes.
 */
export const assertStageName = (stage: string): void => {
  try {
    stageName(stage, 'x');
  } catch (error) {
    if (error instanceof EventTypesError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
};

/**
 * Every DLQ of a stage, in topology order: each queue's own, then its delivery DLQ if the
 * topology plugin builds one (`deadLetterQueuesOf`), so the list is what is deployed.
 *
 * @example
 * ```ts
 * deadLetterQueues('dev')[0]?.name; // 'conveyor-dev-inventory-orders-dlq.fifo'
 * ```
 */
export const deadLetterQueues = (stage: string): readonly DeadLetterQueue[] => {
  assertStageName(stage);
  return Object.entries(topology.queues).flatMap(([key, queue]) =>
    deadLetterQueuesOf(topology, key).map((dlq) => ({
      key: key as QueueKey,
      consumer: queue.consumer,
      fifo: dlq.fifo,
      sourceFifo: queue.fifo,
      source: dlq.source,
      stage,
      name: stageName(stage, dlq.name),
      sourceName: stageName(stage, queue.name),
    })),
  );
};

// The name without `.fifo` and `-dlq`, so a queue and its DLQ compare equal.
const baseName = (name: string): string => name.replace(/\.fifo$/, '').replace(/-dlq$/, '');

/**
 * Finds a stage's DLQ by any name an operator is likely to type: the DLQ's or its source
 * queue's short name (`inventory-orders`, `inventory-orders-dlq.fifo`), the full physical name
 * (`conveyor-dev-inventory-orders-dlq.fifo`), the topology key (`inventoryOrders`) or the
 * consumer service (`inventory`). A source queue's name, key or consumer means its own DLQ; a
 * delivery DLQ is found by its own name (`marketing-audience-delivery-dlq`).
 *
 * @throws UnknownQueueError naming the DLQs that exist, when nothing matches, or when a full
 *   name belongs to another stage.
 */
export const findDeadLetterQueue = (stage: string, input: string): DeadLetterQueue => {
  const all = deadLetterQueues(stage);
  const known = all.map((queue) => queue.name.slice(`${topology.namePrefix}-${stage}-`.length));
  const hint = `Known DLQs: ${known.join(', ')} (or the source queue's name, or the consumer).`;
  const prefix = `${topology.namePrefix}-${stage}-`;
  let text = input.trim();
  if (text.startsWith(prefix)) {
    text = text.slice(prefix.length);
  } else if (text.startsWith(`${topology.namePrefix}-`)) {
    throw new UnknownQueueError(
      `"${input}" is not a queue of stage "${stage}": its names start with "${prefix}". Pass --stage to match the name, or use the short name. ${hint}`,
    );
  }
  const wanted = baseName(text);
  const byName = all.filter((queue) => baseName(queue.name.slice(prefix.length)) === wanted);
  const matches =
    byName.length > 0
      ? byName
      : all.filter(
          (queue) =>
            queue.source === DlqSources.Queue &&
            (baseName(queue.sourceName.slice(prefix.length)) === wanted ||
              queue.key === text ||
              queue.consumer === text),
        );
  const [match, ...others] = matches;
  if (match === undefined) {
    throw new UnknownQueueError(`Unknown queue "${input}". ${hint}`);
  }
  if (others.length > 0) {
    throw new UnknownQueueError(
      `"${input}" matches several DLQs (${matches.map((queue) => queue.name).join(', ')}); use a queue name.`,
    );
  }
  return match;
};
