import {
  EventTypesError,
  type QueueKey,
  queueName,
  stageName,
  type TopicKey,
  topicName,
  topology,
} from '@conveyor/event-types';
import { UsageError } from './errors.ts';

/** A topic a consumer queue subscribes to, in one stage. */
export interface SubscribedTopic {
  /** Topology key, such as `orderEvents`. */
  readonly key: TopicKey;
  /** Physical name, such as `conveyor-dev-order-events.fifo`. */
  readonly name: string;
}

/** A consumer queue of the topology in one stage, and the topics it subscribes to. */
export interface ConsumerQueue {
  /** Topology key, such as `emailNotifications`. */
  readonly key: QueueKey;
  /** The service that consumes it. */
  readonly consumer: string;
  readonly fifo: boolean;
  readonly stage: string;
  /** Physical name, such as `conveyor-dev-email-notifications.fifo`. */
  readonly name: string;
  readonly topics: readonly SubscribedTopic[];
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

/** Every consumer queue of a stage, in topology order. */
export const consumerQueues = (stage: string): readonly ConsumerQueue[] => {
  assertStageName(stage);
  return Object.entries(topology.queues).map(([text, queue]) => {
    const key = text as QueueKey;
    return {
      key,
      consumer: queue.consumer,
      fifo: queue.fifo,
      stage,
      name: queueName(stage, key),
      topics: (Object.keys(queue.subscriptions) as TopicKey[]).map((topic) => ({
        key: topic,
        name: topicName(stage, topic),
      })),
    };
  });
};

const shortName = (name: string): string => name.replace(/\.fifo$/, '');

/**
 * Finds a stage's consumer queue by any name an operator is likely to type: its short name
 * (`email-notifications`, with or without `.fifo`), its full name
 * (`conveyor-dev-email-notifications.fifo`), its topology key (`emailNotifications`) or its
 * consumer (`email`, when the service has one queue).
 *
 * @throws UsageError naming the queues that exist, when nothing or more than one matches.
 */
export const findConsumerQueue = (stage: string, input: string): ConsumerQueue => {
  const all = consumerQueues(stage);
  const prefix = `${topology.namePrefix}-${stage}-`;
  const hint = `Known queues: ${all.map((queue) => shortName(queue.name.slice(prefix.length))).join(', ')} (or the topology key, or the consumer).`;
  let text = input.trim();
  if (text.startsWith(prefix)) {
    text = text.slice(prefix.length);
  } else if (text.startsWith(`${topology.namePrefix}-`)) {
    throw new UsageError(
      `"${input}" is not a queue of stage "${stage}": its names start with "${prefix}". Pass --stage to match the name, or use the short name. ${hint}`,
    );
  }
  const wanted = shortName(text);
  const byName = all.filter((queue) => shortName(queue.name.slice(prefix.length)) === wanted);
  const matches =
    byName.length > 0
      ? byName
      : all.filter((queue) => queue.key === text || queue.consumer === text);
  const [match, ...others] = matches;
  if (match === undefined) throw new UsageError(`Unknown queue "${input}". ${hint}`);
  if (others.length > 0) {
    throw new UsageError(
      `"${input}" matches several queues (${matches.map((queue) => queue.name).join(', ')}); name one.`,
    );
  }
  return match;
};
