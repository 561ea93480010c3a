import {
  type DeadLetterQueue,
  deadLetterQueues,
  type DlqConnection,
  QueueNotFoundError,
  readQueue,
} from '@conveyor/dlq';
import { stageName, topology } from '@conveyor/event-types';

/** What the console shows of one queue: its depth, or nothing when it is not there. */
export interface QueueDepth {
  readonly visible: number;
  readonly inFlight: number;
  readonly depth: number;
}

/** One DLQ of a consumer queue, as the console shows it. */
export interface ConsoleDeadLetterQueue {
  /** Physical name, as `npm run dlq` takes it. */
  readonly name: string;
  /** `queue` (the queue's RedrivePolicy) or `subscriptions` (SNS delivery DLQ). */
  readonly source: DeadLetterQueue['source'];
  /** Undefined when the queue does not exist (its service is not running). */
  readonly state?: QueueDepth;
}

/** One consumer queue of the topology with its DLQs. */
export interface ConsoleQueue {
  /** Topology key, such as `inventoryOrders`. */
  readonly key: string;
  readonly name: string;
  readonly consumer: string;
  /** Undefined when the queue does not exist (its service is not running). */
  readonly state?: QueueDepth;
  readonly deadLetterQueues: readonly ConsoleDeadLetterQueue[];
  /** Messages in all its DLQs. */
  readonly deadLetterDepth: number;
}

const depthOf = async (
  connection: DlqConnection,
  name: string,
): Promise<QueueDepth | undefined> => {
  try {
    const { visible, inFlight, depth } = await readQueue(connection, name);
    return { visible, inFlight, depth };
  } catch (error) {
    // A service not started yet has no queues: shown as missing, the others still shown.
    if (error instanceof QueueNotFoundError) return undefined;
    throw error;
  }
};

/**
 * Reads every consumer queue of the topology in the connection's stage, with its depth,
 * in-flight count and the depth of each of its DLQs (`deadLetterQueues` of `@conveyor/dlq`, so
 * the list is the one `npm run dlq -- list` shows).
 */
export const readConsoleQueues = async (
  connection: DlqConnection,
): Promise<readonly ConsoleQueue[]> => {
  const dlqs = deadLetterQueues(connection.stage);
  return Promise.all(
    Object.entries(topology.queues).map(async ([key, queue]): Promise<ConsoleQueue> => {
      const name = stageName(connection.stage, queue.name);
      const own = dlqs.filter((dlq) => dlq.key === key);
      const [state, ...dlqStates] = await Promise.all([
        depthOf(connection, name),
        ...own.map((dlq) => depthOf(connection, dlq.name)),
      ]);
      const deadLetterQueueRows = own.map((dlq, index): ConsoleDeadLetterQueue => {
        const dlqState = dlqStates[index];
        return {
          name: dlq.name,
          source: dlq.source,
          ...(dlqState === undefined ? {} : { state: dlqState }),
        };
      });
      return {
        key,
        name,
        consumer: queue.consumer,
        ...(state === undefined ? {} : { state }),
        deadLetterQueues: deadLetterQueueRows,
        deadLetterDepth: deadLetterQueueRows.reduce((sum, dlq) => sum + (dlq.state?.depth ?? 0), 0),
      };
    }),
  );
};
