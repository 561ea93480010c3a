import topologyJson from '../topology.json' with { type: 'json' };
import type { ServiceName } from './envelope.ts';
import type { EventType } from './eventCatalog.ts';
import { EventTypesError } from './errors.ts';
import {
  archiveRetentionDays,
  mergeStageSettings,
  queueSettingsProblems,
  STAGE_PATTERN,
  topologySchema,
} from './topologySchema.ts';
import './zodMessages.ts';

// Set to true by the services' esbuild `define`; undeclared anywhere else (see `topology`).
declare const __CONVEYOR_TOPOLOGY_VALIDATED__: boolean | undefined;

/** A topic's archive in one stage. */
export interface ArchiveSettings {
  /** Days SNS keeps each published message for replay (`ArchivePolicy.MessageRetentionPeriod`, 1-365). */
  readonly retentionDays: number;
}

/**
 * The archive of a FIFO topic: SNS keeps every message published to it for `retentionDays`, and a
 * subscription's `ReplayPolicy` can replay any window of that to its endpoint.
 */
export interface ArchiveSpec extends ArchiveSettings {
  /** Per-stage retention, keyed by stage (such as `prod`); other stages keep `retentionDays`. */
  readonly stages?: Readonly<Record<string, ArchiveSettings>>;
}

/** A topic: the producing service's SNS topic. */
export interface TopicSpec {
  /** Start of its CloudFormation ids: `OrderEvents` → `OrderEventsTopic`, `OrderEventsTopicArn`. */
  readonly logicalId: string;
  /** Name without the stage prefix, such as `order-events.fifo`. */
  readonly name: string;
  /** Whether it is an SNS FIFO topic (its name then ends with `.fifo`). */
  readonly fifo: boolean;
  /** The only service that publishes to it. */
  readonly producer: ServiceName;
  /** The event types that go on it; each event type goes on one topic only. */
  readonly events: readonly EventType[];
  /** Its message archive (FIFO topics only); without it SNS keeps nothing to replay. */
  readonly archive?: ArchiveSpec;
}

/** A subscription of a queue to one topic. */
export interface SubscriptionSpec {
  /** The event types the filter policy lets through; each one the topic carries. */
  readonly events: readonly EventType[];
  /** A body-scope filter applied on top of `events`, if any. */
  readonly bodyFilter?: Readonly<Record<string, unknown>>;
}

/** The event source settings of a queue's consuming function in one stage. */
export interface QueueSettings {
  /** Most messages per invocation: 1-10 on FIFO, 1-10,000 on standard (over 10 needs a window). */
  readonly batchSize: number;
  /** Seconds (0-300) Lambda may wait to fill a batch; standard queues only. */
  readonly batchingWindow?: number;
  /** Most concurrent invocations the event source starts (`ScalingConfig`, 2-1000). */
  readonly maximumConcurrency: number;
}

/** A stage's changes to a queue's {@link QueueSettings}; absent fields keep the queue's own. */
export type QueueSettingsOverride = Partial<QueueSettings>;

/** A consumer's queue, with its dead-letter queue and its consuming function. */
export interface QueueSpec extends QueueSettings {
  /**
   * Start of its CloudFormation ids: `Notifications` → `NotificationsQueue`, `NotificationsDlq`,
   * `NotificationsQueuePolicy`, `NotificationsDlqDepthAlarm`, `NotificationsQueueAgeAlarm`.
   * Unique within the consumer's stack; renaming it replaces the queue.
   */
  readonly logicalId: string;
  /** Name without the stage prefix; ends with `.fifo` exactly when `fifo`. */
  readonly name: string;
  /** Name of its dead-letter queue, without the stage prefix; of the queue's kind. */
  readonly dlqName: string;
  /** Whether it is a FIFO queue. */
  readonly fifo: boolean;
  /** The service that owns and consumes it. */
  readonly consumer: string;
  /** The consuming function's name in the consumer's `serverless.yml`. */
  readonly function: string;
  /** Per-stage overrides of the settings, keyed by stage (such as `local`). */
  readonly stages?: Readonly<Record<string, QueueSettingsOverride>>;
  /** Subscriptions keyed by topic key. */
  readonly subscriptions: Readonly<Record<string, SubscriptionSpec>>;
}

/** The stage's operations topic, which every alarm notifies. */
export interface OperationsSpec {
  /**
   * Name without the stage prefix (`operations` → `conveyor-<stage>-operations`): a standard SNS
   * topic created once per account and stage at bootstrap, not by a service stack.
   */
  readonly topicName: string;
}

/** The whole messaging map: topics by key, queues by key. */
export interface Topology {
  /** Prefix of every physical name. */
  readonly namePrefix: string;
  /** Where alarms send their notifications. */
  readonly operations: OperationsSpec;
  /** Topics keyed by a stable camelCase key, such as `orderEvents`. */
  readonly topics: Readonly<Record<string, TopicSpec>>;
  /** Queues keyed by a stable camelCase key, such as `inventoryOrders`. */
  readonly queues: Readonly<Record<string, QueueSpec>>;
}

const describePath = (path: readonly PropertyKey[]): string => {
  const [section, key, ...rest] = path.map(String);
  const field = rest.length === 0 ? '' : ` ${rest.join('.')}`;
  if (section === 'queues' && key !== undefined) return `queue "${key}"${field}`;
  if (section === 'topics' && key !== undefined) return `topic "${key}"${field}`;
  return path.length === 0 ? 'topology' : path.map(String).join('.');
};

/**
 * Validates a topology (the content of `topology.json`) and returns it typed. Every problem is
 * reported at once, each naming its queue or topic: shapes and ranges, a batching window on a
 * FIFO queue, a FIFO batch over 10, a standard batch over 10 without a window, a maximum
 * concurrency outside 2-1000, a subscription to an unknown topic or to an event its topic never
 * carries, a FIFO queue on a standard topic, a name or DLQ name of the wrong kind (`.fifo`), a
 * name too long for SQS, a duplicate name or logicalId, an event type on two topics, an archive
 * on a standard topic or a retention outside 1-365 days. Stage overrides are checked as applied.
 *
 * @example
 * ```ts
 * const parsed = parseTopology(JSON.parse(readFileSync('topology.json', 'utf8')));
 * ```
 * @throws EventTypesError listing every problem.
 */
export const parseTopology = (json: unknown): Topology => {
  const result = topologySchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${describePath(issue.path)}: ${issue.message}`,
  );
  throw new EventTypesError(`Invalid topology: ${problems.join('; ')}`, { cause: result.error });
};

/**
 * The single source of truth for which event goes on which topic and which queue subscribes to
 * what, validated when this module loads (an invalid `topology.json` fails every importer).
 * Serverless files may read the same JSON through `${file(.../topology.json):...}`.
 *
 * A Lambda bundle is the exception: its build defines `__CONVEYOR_TOPOLOGY_VALIDATED__` (the
 * services' esbuild settings), because `sls` validated this same file as it loaded the topology
 * plugin, before bundling. The bundle then neither parses it at every cold start nor carries its
 * schema (docs/decisions/functions-trust-the-topology-their-build-validated.md). A constant only
 * a build can define, not an environment variable, so nothing that runs unbundled can skip the check.
 */
export const topology: Topology =
  typeof __CONVEYOR_TOPOLOGY_VALIDATED__ !== 'undefined' && __CONVEYOR_TOPOLOGY_VALIDATED__
    ? (topologyJson as unknown as Topology)
    : parseTopology(topologyJson);

/** A topic key, such as `orderEvents`. */
export type TopicKey = keyof typeof topologyJson.topics;

/** A queue key, such as `inventoryOrders`. */
export type QueueKey = keyof typeof topologyJson.queues;

const queueOf = (from: Topology, queueKey: string): QueueSpec => {
  const queue = Object.hasOwn(from.queues, queueKey) ? from.queues[queueKey] : undefined;
  if (queue === undefined) {
    throw new EventTypesError(
      `Unknown queue "${queueKey}"; the topology has ${Object.keys(from.queues).join(', ')}`,
    );
  }
  return queue;
};

const topicOf = (from: Topology, topicKey: string): TopicSpec => {
  const topic = Object.hasOwn(from.topics, topicKey) ? from.topics[topicKey] : undefined;
  if (topic === undefined) {
    throw new EventTypesError(
      `Unknown topic "${topicKey}"; the topology has ${Object.keys(from.topics).join(', ')}`,
    );
  }
  return topic;
};

const assertStage = (stage: string): void => {
  if (!STAGE_PATTERN.test(stage)) {
    throw new EventTypesError(
      `Invalid stage "${stage}": use 1-20 lower-case letters, digits or dashes`,
    );
  }
};

/**
 * The physical name of a resource in a stage: `conveyor-<stage>-<name>`.
 *
 * @example
 * ```ts
 * stageName('dev', 'order-events.fifo'); // 'conveyor-dev-order-events.fifo'
 * ```
 */
export const stageName = (stage: string, name: string): string => {
  assertStage(stage);
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
  stageName(stage, topicOf(topology, key).name);

/**
 * The physical queue name of a queue key in a stage.
 *
 * @example
 * ```ts
 * queueName('dev', 'inventoryOrders'); // 'conveyor-dev-inventory-orders.fifo'
 * ```
 */
export const queueName = (stage: string, key: QueueKey): string =>
  stageName(stage, queueOf(topology, key).name);

/**
 * The physical name of a stage's operations topic, which every alarm notifies.
 *
 * @example
 * ```ts
 * operationsTopicName('prod'); // 'conveyor-prod-operations'
 * ```
 */
export const operationsTopicName = (stage: string): string =>
  stageName(stage, topology.operations.topicName);

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

/**
 * A queue's event source settings in a stage: its `stages[stage]` override applied field by
 * field, then checked again (an override must not, say, put a window on a FIFO queue). Pass
 * `from` to read a topology other than the loaded one (one given to {@link parseTopology}).
 *
 * @example
 * ```ts
 * queueSettingsFor('marketingAudience', 'local'); // { batchSize: 50, batchingWindow: 2, maximumConcurrency: 2 }
 * queueSettingsFor('marketingAudience', 'prod'); // { batchSize: 50, batchingWindow: 5, maximumConcurrency: 2 }
 * ```
 * @throws EventTypesError for an unknown queue, an invalid stage or settings Lambda refuses.
 */
export const queueSettingsFor: {
  (queueKey: QueueKey, stage: string): QueueSettings;
  (queueKey: string, stage: string, from: Topology): QueueSettings;
} = (queueKey: string, stage: string, from: Topology = topology): QueueSettings => {
  const queue = queueOf(from, queueKey);
  assertStage(stage);
  const settings = mergeStageSettings(queue, stage);
  const problems = queueSettingsProblems(queue.fifo, settings);
  if (problems.length > 0) {
    throw new EventTypesError(
      `Invalid settings of queue "${queueKey}" in stage "${stage}": ${problems
        .map((problem) => `${problem.field}: ${problem.message}`)
        .join('; ')}`,
    );
  }
  return settings;
};

/**
 * How many days a topic's archive keeps each message in a stage (its `archive.stages[stage]`
 * override, else its `archive.retentionDays`), or `undefined` when the topic has no archive. Pass
 * `from` to read a topology other than the loaded one.
 *
 * @example
 * ```ts
 * archiveRetentionDaysFor('orderEvents', 'prod'); // 365
 * archiveRetentionDaysFor('orderEvents', 'dev'); // 7
 * ```
 * @throws EventTypesError for an unknown topic or an invalid stage.
 */
export const archiveRetentionDaysFor: {
  (topicKey: TopicKey, stage: string): number | undefined;
  (topicKey: string, stage: string, from: Topology): number | undefined;
} = (topicKey: string, stage: string, from: Topology = topology): number | undefined => {
  const { archive } = topicOf(from, topicKey);
  assertStage(stage);
  return archive === undefined ? undefined : archiveRetentionDays(archive, stage);
};

/**
 * Every event type a queue's subscriptions let through (before any body filter), each once, in
 * the order the topology lists them: what the consumer's handler map has to cover.
 *
 * @example
 * ```ts
 * eventsDeliveredTo('checkoutOrderStatus'); // ['inventory.reserved', 'inventory.reservation-failed', 'shipment.created']
 * ```
 * @throws EventTypesError for an unknown queue.
 */
export const eventsDeliveredTo: {
  (queueKey: QueueKey): readonly EventType[];
  (queueKey: string, from: Topology): readonly EventType[];
} = (queueKey: string, from: Topology = topology): readonly EventType[] => [
  ...new Set(
    Object.values(queueOf(from, queueKey).subscriptions).flatMap(
      (subscription) => subscription.events,
    ),
  ),
];

/**
 * Fails unless a consumer handles every event type its queue's subscriptions let through; call
 * it when the handler is built, so that a gap fails the cold start instead of every message.
 * Handling more than is delivered is not an error here (the stack checks report dead handlers).
 *
 * @example
 * ```ts
 * assertHandlersCover('inventoryOrders', Object.keys(handlers));
 * ```
 * @throws EventTypesError naming the queue and the event types no handler takes.
 */
export const assertHandlersCover: {
  (queueKey: QueueKey, handledEventTypes: Iterable<string>): void;
  (queueKey: string, handledEventTypes: Iterable<string>, from: Topology): void;
} = (queueKey: string, handledEventTypes: Iterable<string>, from: Topology = topology): void => {
  const handled = new Set(handledEventTypes);
  const missing = eventsDeliveredTo(queueKey, from).filter((eventType) => !handled.has(eventType));
  if (missing.length > 0) {
    throw new EventTypesError(
      `Queue "${queueKey}" delivers ${missing.join(', ')}, which no handler takes: add a handler for each, or narrow the queue's subscriptions in topology.json`,
    );
  }
};
