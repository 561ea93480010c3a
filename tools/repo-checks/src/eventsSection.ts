import * as prettier from 'prettier';

/** Opens the generated part of a service README: what the service consumes and produces. */
export const EVENTS_START = '<!-- events:start -->';

/** Closes the generated part of a service README. */
export const EVENTS_END = '<!-- events:end -->';

/** The npm script that rewrites every service README's events section. */
export const EVENTS_DOCS_SCRIPT = 'npm run docs:events';

/**
 * The parts of `libs/event-types/topology.json` the events section shows. Structural, so the
 * JSON itself and the typed `topology` of `@conveyor/event-types` both fit.
 */
export interface EventsTopology {
  readonly namePrefix: string;
  readonly topics: Readonly<
    Record<
      string,
      {
        readonly name: string;
        readonly fifo: boolean;
        readonly producer: string;
        readonly events: readonly string[];
      }
    >
  >;
  readonly queues: Readonly<
    Record<
      string,
      {
        readonly name: string;
        readonly dlqName: string;
        readonly fifo: boolean;
        readonly consumer: string;
        readonly function: string;
        readonly batchSize: number;
        readonly batchingWindow?: number;
        readonly maximumConcurrency: number;
        readonly stages?: Readonly<
          Record<
            string,
            {
              readonly batchSize?: number;
              readonly batchingWindow?: number;
              readonly maximumConcurrency?: number;
            }
          >
        >;
        readonly subscriptions: Readonly<
          Record<
            string,
            {
              readonly events: readonly string[];
              readonly bodyFilter?: Readonly<Record<string, unknown>>;
            }
          >
        >;
      }
    >
  >;
}

/** Published versions by event type, such as `{ 'order.placed': [1] }`. */
export type EventVersions = Readonly<Record<string, readonly number[]>>;

/** A README's events section cannot be found or replaced. */
export class EventsSectionError extends Error {
  override readonly name = 'EventsSectionError';
}

const code = (text: string): string => `\`${text}\``;

// Table cells: a pipe would end the cell.
const cell = (text: string): string => text.replaceAll('|', '\\|');

const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;

const versionsOf = (eventType: string, versions: EventVersions): string => {
  const published = versions[eventType] ?? [];
  return published.length === 0 ? '' : ` ${published.map((version) => `v${version}`).join(', ')}`;
};

// `{ data: { marketingOptIn: [true] } }` → ['`data.marketingOptIn` in `[true]`'].
const describeBodyFilter = (filter: Readonly<Record<string, unknown>>, path = ''): string[] =>
  Object.entries(filter).flatMap(([key, value]) => {
    const at = path === '' ? key : `${path}.${key}`;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? describeBodyFilter(value as Readonly<Record<string, unknown>>, at)
      : [`${code(at)} in ${code(JSON.stringify(value))}`];
  });

const seconds = (value: number): string => `${value} s`;

// Settings a stage overrides, as `local: window 2 s`.
const describeStages = (
  stages: NonNullable<EventsTopology['queues'][string]['stages']>,
): string[] =>
  Object.entries(stages).map(([stage, override]) => {
    const parts = [
      ...(override.batchSize === undefined ? [] : [`batch ${override.batchSize}`]),
      ...(override.batchingWindow === undefined
        ? []
        : [`window ${seconds(override.batchingWindow)}`]),
      ...(override.maximumConcurrency === undefined
        ? []
        : [`concurrency ${override.maximumConcurrency}`]),
    ];
    return `${code(stage)}: ${parts.join(', ')}`;
  });

/**
 * The Markdown between a service README's {@link EVENTS_START} and {@link EVENTS_END}: a table
 * of the events the service consumes (source topic and its producer, queue, filter), one line per
 * queue it owns (kind, consuming function, batch, window, maximum concurrency, stage overrides,
 * DLQ), and a table of the events it produces (its topic, and who consumes them from which
 * queue). Not yet formatted: see {@link formatEventsSection}.
 *
 * @example
 * ```ts
 * renderEventsSection('marketing', topology, { 'order.placed': [1] });
 * ```
 */
export const renderEventsSection = (
  service: string,
  topology: EventsTopology,
  versions: EventVersions,
): string => {
  const physical = (name: string): string => code(`${topology.namePrefix}-<stage>-${name}`);
  const event = (eventType: string): string =>
    `${code(eventType)}${versionsOf(eventType, versions)}`;
  const lines = [
    `<!-- Generated from libs/event-types/topology.json by \`${EVENTS_DOCS_SCRIPT}\`: edit the topology, not this section. -->`,
    '',
  ];

  const ownQueues = Object.values(topology.queues).filter((queue) => queue.consumer === service);
  if (ownQueues.length === 0) {
    lines.push('Consumes no events.');
  } else {
    lines.push(
      row(['consumes', 'from topic (producer)', 'queue', 'filter']),
      row(['---', '---', '---', '---']),
    );
    for (const queue of ownQueues) {
      for (const [topicKey, subscription] of Object.entries(queue.subscriptions)) {
        const topic = topology.topics[topicKey];
        const source =
          topic === undefined
            ? `${code(topicKey)} (not in the topology)`
            : `${code(topic.name)} (${topic.producer})`;
        const filter = [
          code('eventType'),
          ...(subscription.bodyFilter === undefined
            ? []
            : [`body ${describeBodyFilter(subscription.bodyFilter).join(', ')}`]),
        ].join('; ');
        for (const eventType of subscription.events) {
          lines.push(row([event(eventType), source, code(queue.name), filter]));
        }
      }
    }
    lines.push('');
    for (const queue of ownQueues) {
      const settings = [
        `batches of up to ${queue.batchSize}`,
        ...(queue.batchingWindow === undefined
          ? []
          : [`a batching window of ${seconds(queue.batchingWindow)}`]),
        `at most ${queue.maximumConcurrency} concurrent invocations`,
      ];
      const stages =
        queue.stages === undefined || Object.keys(queue.stages).length === 0
          ? ''
          : ` (stage ${describeStages(queue.stages).join('; ')})`;
      // SNS takes only a FIFO DLQ for a FIFO topic's subscription: a standard queue's
      // subscriptions to one dead-letter into a FIFO DLQ of their own, named as
      // @conveyor/serverless-topology's deadLetterQueuesOf names it (a test compares the two).
      const deliveryDlq =
        !queue.fifo &&
        Object.keys(queue.subscriptions).some((topicKey) => topology.topics[topicKey]?.fifo)
          ? `; what SNS cannot deliver to it, DLQ ${physical(`${queue.name.replace(/\.fifo$/, '')}-delivery-dlq.fifo`)}`
          : '';
      lines.push(
        `- Queue ${physical(queue.name)}: ${queue.fifo ? 'FIFO' : '**standard**'}, read by ${code(queue.function)} in ${settings.join(', ')}${stages}; DLQ ${physical(queue.dlqName)}${deliveryDlq}.`,
      );
    }
  }
  lines.push('');

  const ownTopics = Object.entries(topology.topics).filter(
    ([, topic]) => topic.producer === service,
  );
  if (ownTopics.length === 0) {
    lines.push('Produces no events.');
  } else {
    lines.push(row(['produces', 'topic', 'consumed by']), row(['---', '---', '---']));
    for (const [topicKey, topic] of ownTopics) {
      for (const eventType of topic.events) {
        const consumers = Object.values(topology.queues)
          .filter((queue) => queue.subscriptions[topicKey]?.events.includes(eventType) ?? false)
          .map((queue) => `${queue.consumer} (${code(queue.name)})`);
        lines.push(
          row([
            event(eventType),
            `${physical(topic.name)} (owned here)`,
            consumers.length === 0 ? 'nobody yet' : consumers.join(', '),
          ]),
        );
      }
    }
  }
  return lines.join('\n');
};

/**
 * The Markdown between the root README's {@link EVENTS_START} and {@link EVENTS_END}: one row
 * per event every topic carries, with its published versions, its producer and its topic. Not
 * yet formatted: see {@link formatEventsSection}.
 *
 * @example
 * ```ts
 * renderPublishedEvents(topology, { 'order.placed': [1] });
 * // …| `order.placed` | 1 | checkout | `order-events.fifo` |…
 * ```
 */
export const renderPublishedEvents = (topology: EventsTopology, versions: EventVersions): string =>
  [
    `<!-- Generated from libs/event-types/topology.json and the event catalogue by \`${EVENTS_DOCS_SCRIPT}\`: edit those, not this table. -->`,
    '',
    row(['event', 'v', 'producer', 'topic']),
    row(['---', '---', '---', '---']),
    ...Object.values(topology.topics).flatMap((topic) =>
      topic.events.map((eventType) =>
        row([
          code(eventType),
          (versions[eventType] ?? []).join(', '),
          topic.producer,
          code(topic.name),
        ]),
      ),
    ),
  ].join('\n');

/**
 * Formats a rendered section as Prettier formats the README around it (the repo's config for
 * `readmePath`), so `npm run format:check` and the README check agree.
 */
export const formatEventsSection = async (section: string, readmePath: string): Promise<string> => {
  const config = (await prettier.resolveConfig(readmePath)) ?? {};
  return (await prettier.format(section, { ...config, filepath: readmePath })).trimEnd();
};

const markerIndex = (readme: string, marker: string, readmePath: string): number => {
  const first = readme.indexOf(marker);
  if (first === -1) {
    throw new EventsSectionError(
      `${readmePath} has no ${marker} line; put ${EVENTS_START} and ${EVENTS_END} where the events table goes`,
    );
  }
  if (readme.indexOf(marker, first + marker.length) !== -1) {
    throw new EventsSectionError(`${readmePath} has ${marker} more than once`);
  }
  return first;
};

/**
 * What stands between a README's markers today, without the blank lines around it.
 *
 * @throws EventsSectionError when a marker is missing, repeated or out of order.
 */
export const readEventsSection = (readme: string, readmePath: string): string => {
  const start = markerIndex(readme, EVENTS_START, readmePath);
  const end = markerIndex(readme, EVENTS_END, readmePath);
  if (end < start) {
    throw new EventsSectionError(`${readmePath} has ${EVENTS_END} before ${EVENTS_START}`);
  }
  return readme.slice(start + EVENTS_START.length, end).trim();
};

/**
 * The README with the text between its markers replaced by `section`, one blank line on each
 * side, everything outside the markers unchanged.
 *
 * @throws EventsSectionError when a marker is missing, repeated or out of order.
 */
export const replaceEventsSection = (
  readme: string,
  section: string,
  readmePath: string,
): string => {
  readEventsSection(readme, readmePath);
  const start = readme.indexOf(EVENTS_START) + EVENTS_START.length;
  const end = readme.indexOf(EVENTS_END);
  return `${readme.slice(0, start)}\n\n${section}\n\n${readme.slice(end)}`;
};
