import topologyJson from '../topology.json' with { type: 'json' };
import type { EventType } from './eventCatalog.ts';
import { EventTypesError } from './errors.ts';

/** A topic: one per producing service. */
export interface TopicSpec {
  /** Name without the stage prefix, such as `order-events.fifo`. */
  readonly name: string;
  /** Whether it is an SNS FIFO topic. */
  readonly fifo: boolean;
  /** The only service that publishes to it. */
  readonly producer: string;
  /** The event types that go on it. */
  readonly events: readonly EventType[];
}

/** A subscription of a queue to one topic. */
export interface SubscriptionSpec {
  /** The event types the filter policy lets through. */
  readonly events: readonly EventType[];
  /** A body-scope filter applied on top of `events`, if any. */
  readonly bodyFilter?: Readonly<Record<string, unknown>>;
}

/** A consumer's queue. */
export interface QueueSpec {
  /** Name without the stage prefix. */
  readonly name: string;
  /** Name of its dead-letter queue, without the stage prefix. */
  readonly dlqName: string;
  /** Whether it is a FIFO queue. */
  readonly fifo: boolean;
  /** The service that owns and consumes it. */
  readonly consumer: string;
  /** Subscriptions keyed by topic key. */
  readonly subscriptions: Readonly<Record<string, SubscriptionSpec>>;
}

/** The whole messaging map: topics by key, queues by key. */
export interface Topology {
  /** Prefix of every physical name. */
  readonly namePrefix: string;
  /** Topics keyed by a stable camelCase key, such as `orderEvents`. */
  readonly topics: Readonly<Record<string, TopicSpec>>;
  /** Queues keyed by a stable camelCase key, such as `inventoryOrders`. */
  readonly queues: Readonly<Record<string, QueueSpec>>;
}

/**
 * The single source of truth for which event goes on which topic and which queue subscribes to
 * what. Serverless files read the same JSON through `${file(.../topology.json):...}`.
 */
export const topology: Topology = topologyJson as Topology;

/** A topic key, such as `orderEvents`. */
export type TopicKey = keyof typeof topologyJson.topics;

/** A queue key, such as `inventoryOrders`. */
export type QueueKey = keyof typeof topologyJson.queues;

/**
 * The physical name of a resource in a stage: `conveyor-<stage>-<name>`.
 *
 * @example
 * ```ts
 * stageName('dev', 'order-events.fifo'); // 'conveyor-dev-order-events.fifo'
 * ```
 */
export const stageName = (stage: string, name: string): string => {
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new EventTypesError(
      `Invalid stage "${stage}": use 1-20 lower-case letters, digits or dashes`,
    );
  }
  return `${topology.namePrefix}-${stage}-${name}`;
};

/**
 * The physical topic name of a topic key in a stage.
 *
 * @example
 * ```ts
 * topicName('dev', 'orderEvents'); // 'conveyor-dev-order-events.fifo'
 * ```
 */
export const topicName = (stage: string, key: TopicKey): string =>
  stageName(stage, topologyJson.topics[key].name);

/**
 * The physical queue name of a queue key in a stage.
 *
 * @example
 * ```ts
 * queueName('dev', 'inventoryOrders'); // 'conveyor-dev-inventory-orders.fifo'
 * ```
 */
export const queueName = (stage: string, key: QueueKey): string =>
  stageName(stage, topologyJson.queues[key].name);

/**
 * The key of the topic an event type is published on.
 *
 * @example
 * ```ts
 * topicKeyFor('inventory.reserved'); // 'inventoryEvents'
 * ```
 */
export const topicKeyFor = (eventType: EventType): TopicKey => {
  const entry = Object.entries(topology.topics).find(([, topic]) =>
    topic.events.includes(eventType),
  );
  if (entry === undefined) throw new EventTypesError(`No topic carries ${eventType}`);
  return entry[0] as TopicKey;
};
