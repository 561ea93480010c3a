import { EventTypesError, type QueueKey, stageName, topology } from '@conveyor/event-types';
import { UnknownQueueError, UsageError } from './errors.ts';

/** A consumer queue's dead-letter queue in one stage, from `libs/event-types/topology.json`. */
export interface DeadLetterQueue {
  /** Topology key of the source queue, such as `inventoryOrders`. */
  readonly key: QueueKey;
  /** The service that consumes the source queue. */
  readonly consumer: string;
  /** Whether both queues are FIFO. */
  readonly fifo: boolean;
  /** The stage both queues belong to. */
  readonly stage: string;
  /** Physical name of the DLQ, such as `conveyor-dev-inventory-orders-dlq.fifo`. */
  readonly name: string;
  /** Physical name of the queue whose RedrivePolicy targets the DLQ: where redrive sends to. */
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
 * Every DLQ of a stage, in topology order.
 *
 * @example
 * ```ts
 * deadLetterQueues('dev')[0]?.name; // 'conveyor-dev-inventory-orders-dlq.fifo'
 * ```
 */
export const deadLetterQueues = (stage: string): readonly DeadLetterQueue[] => {
  assertStageName(stage);
  return Object.entries(topology.queues).map(([key, queue]) => ({
    key: key as QueueKey,
    consumer: queue.consumer,
    fifo: queue.fifo,
    stage,
    name: stageName(stage, queue.dlqName),
    sourceName: stageName(stage, queue.name),
  }));
};

// The name without `.fifo` and `-dlq`, so a queue and its DLQ compare equal.
const baseName = (name: string): string => name.replace(/\.fifo$/, '').replace(/-dlq$/, '');

/**
 * Finds a stage's DLQ by any name an operator is likely to type: the DLQ's or its source
 * queue's short name (`inventory-orders`, `inventory-orders-dlq.fifo`), the full physical name
 * (`conveyor-dev-inventory-orders-dlq.fifo`), the topology key (`inventoryOrders`) or the
 * consumer service (`inventory`).
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
  const matches = all.filter(
    (queue) =>
      baseName(queue.name.slice(prefix.length)) === wanted ||
      queue.key === text ||
      queue.consumer === text,
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
