import * as z from 'zod/mini';
import { ServiceNames } from './envelope.ts';
import { EventTypes } from './eventCatalog.ts';
import { MAX_ARCHIVE_RETENTION_DAYS } from './replayWindowSeconds.ts';
import type { ArchiveSpec, QueueSettings, QueueSpec, TopicSpec } from './topology.ts';

/** A stage: 1-20 lower-case letters, digits or dashes, starting with a letter. */
export const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

/** Longest stage {@link STAGE_PATTERN} allows; physical names must fit with it. */
const LONGEST_STAGE = 20;

/** Name limits of the services behind the physical names. */
const MAX_SQS_NAME = 80;
const MAX_SNS_NAME = 256;

/** Largest batch of a FIFO queue's event source mapping (Lambda's limit). */
const MAX_FIFO_BATCH = 10;

/** Largest batch a standard queue takes without a batching window (Lambda's limit). */
const MAX_BATCH_WITHOUT_WINDOW = 10;

const key = z
  .string()
  .check(z.regex(/^[a-z][A-Za-z0-9]*$/, 'must be camelCase letters and digits'));

const logicalId = z
  .string()
  .check(
    z.regex(
      /^[A-Z][A-Za-z0-9]{0,99}$/,
      'must be PascalCase letters and digits (it starts CloudFormation ids)',
    ),
  );

// SQS and SNS both allow letters, digits, `-` and `_`, and `.fifo` as a suffix only.
const resourceName = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9_-]+(\.fifo)?$/,
      'must be letters, digits, "-" and "_", with ".fifo" only as its suffix',
    ),
  );

const batchSize = z
  .int()
  .check(
    z.minimum(1, 'must be at least 1'),
    z.maximum(10_000, 'must be at most 10,000 (the event source mapping limit)'),
  );

const batchingWindow = z
  .int()
  .check(z.minimum(0, 'must be 0-300 seconds'), z.maximum(300, 'must be 0-300 seconds'));

const maximumConcurrency = z
  .int()
  .check(
    z.minimum(2, 'must be 2-1000 (the event source mapping limit)'),
    z.maximum(1000, 'must be 2-1000 (the event source mapping limit)'),
  );

const retentionDays = z
  .int()
  .check(
    z.minimum(1, `must be 1-${MAX_ARCHIVE_RETENTION_DAYS} days (the SNS archive policy's range)`),
    z.maximum(
      MAX_ARCHIVE_RETENTION_DAYS,
      `must be 1-${MAX_ARCHIVE_RETENTION_DAYS} days (the SNS archive policy's range)`,
    ),
  );

const stageKey = z
  .string()
  .check(z.regex(STAGE_PATTERN, 'must be a stage: 1-20 lower-case letters, digits or dashes'));

const archiveSchema = z.strictObject({
  retentionDays,
  stages: z.exactOptional(z.record(stageKey, z.strictObject({ retentionDays }))),
});

const topicSchema = z.strictObject({
  logicalId,
  name: resourceName,
  fifo: z.boolean(),
  producer: z.enum(ServiceNames, {
    error: `expected one of ${Object.values(ServiceNames).join(', ')}; a service that publishes is listed in ServiceNames (libs/event-types/src/envelope.ts)`,
  }),
  events: z.array(z.enum(EventTypes)).check(z.minLength(1, 'must name at least one event type')),
  archive: z.exactOptional(archiveSchema),
});

const subscriptionSchema = z.strictObject({
  events: z.array(z.enum(EventTypes)).check(z.minLength(1, 'must name at least one event type')),
  bodyFilter: z.exactOptional(z.record(z.string(), z.unknown())),
});

const stageOverrideSchema = z.strictObject({
  batchSize: z.exactOptional(batchSize),
  batchingWindow: z.exactOptional(batchingWindow),
  maximumConcurrency: z.exactOptional(maximumConcurrency),
});

const queueSchema = z.strictObject({
  logicalId,
  name: resourceName,
  dlqName: resourceName,
  fifo: z.boolean(),
  consumer: z
    .string()
    .check(z.regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case kebab-case service name')),
  function: z
    .string()
    .check(
      z.regex(
        /^[A-Za-z][A-Za-z0-9]*$/,
        'must be letters and digits, as the function is named in serverless.yml',
      ),
    ),
  batchSize,
  batchingWindow: z.exactOptional(batchingWindow),
  maximumConcurrency,
  stages: z.exactOptional(z.record(stageKey, stageOverrideSchema)),
  subscriptions: z.record(key, subscriptionSchema).check(
    z.refine((subscriptions) => Object.keys(subscriptions).length > 0, {
      message: 'must subscribe to at least one topic',
    }),
  ),
});

/** One problem of a queue's settings, by the field that has to change. */
export interface SettingsProblem {
  readonly field: keyof QueueSettings;
  readonly message: string;
}

/**
 * The combinations of event source settings Lambda refuses for a queue of this kind. Ranges are
 * the schema's job; these are the rules that need more than one field.
 */
export const queueSettingsProblems = (
  fifo: boolean,
  settings: QueueSettings,
): readonly SettingsProblem[] => {
  const problems: SettingsProblem[] = [];
  if (fifo && settings.batchingWindow !== undefined) {
    problems.push({
      field: 'batchingWindow',
      message: 'a FIFO queue takes no batching window (Lambda allows one on standard queues only)',
    });
  }
  if (fifo && settings.batchSize > MAX_FIFO_BATCH) {
    problems.push({
      field: 'batchSize',
      message: `a FIFO queue's batch is at most ${MAX_FIFO_BATCH}, not ${settings.batchSize}`,
    });
  }
  if (
    !fifo &&
    settings.batchSize > MAX_BATCH_WITHOUT_WINDOW &&
    (settings.batchingWindow ?? 0) < 1
  ) {
    problems.push({
      field: 'batchSize',
      message: `a batch over ${MAX_BATCH_WITHOUT_WINDOW} (here ${settings.batchSize}) needs a batchingWindow of at least 1 second`,
    });
  }
  return problems;
};

/** The settings of `queue` in a stage: its `stages` override applied field by field. */
export const mergeStageSettings = (queue: QueueSpec, stage: string): QueueSettings => {
  const override = queue.stages?.[stage] ?? {};
  const batchingWindow = override.batchingWindow ?? queue.batchingWindow;
  return {
    batchSize: override.batchSize ?? queue.batchSize,
    maximumConcurrency: override.maximumConcurrency ?? queue.maximumConcurrency,
    ...(batchingWindow === undefined ? {} : { batchingWindow }),
  };
};

/** A topic archive's retention in a stage: its `stages` override, else its own `retentionDays`. */
export const archiveRetentionDays = (archive: ArchiveSpec, stage: string): number =>
  archive.stages?.[stage]?.retentionDays ?? archive.retentionDays;

type Context = z.core.$RefinementCtx;

const report = (ctx: Context, path: readonly PropertyKey[], message: string): void => {
  ctx.addIssue({ code: 'custom', path: [...path], message });
};

// Room left for a name once `<prefix>-<longest stage>-` is in front of it.
const roomFor = (namePrefix: string, limit: number): number =>
  limit - namePrefix.length - LONGEST_STAGE - 2;

const checkTopics = (
  ctx: Context,
  namePrefix: string,
  topics: Readonly<Record<string, TopicSpec>>,
  operationsTopic: string,
): void => {
  const carriers = new Map<string, string>();
  const names = new Map<string, string>([[operationsTopic, 'the operations topic']]);
  const logicalIds = new Map<string, string>();
  for (const [topicKey, topic] of Object.entries(topics)) {
    const at = ['topics', topicKey];
    if (topic.name.endsWith('.fifo') !== topic.fifo) {
      report(
        ctx,
        [...at, 'name'],
        topic.fifo
          ? 'a FIFO topic\'s name ends with ".fifo"'
          : 'only a FIFO topic\'s name ends with ".fifo"',
      );
    }
    if (topic.archive !== undefined && !topic.fifo) {
      report(
        ctx,
        [...at, 'archive'],
        'only a FIFO topic takes an archive (SNS archives and replays FIFO topics only)',
      );
    }
    if (topic.name.length > roomFor(namePrefix, MAX_SNS_NAME)) {
      report(
        ctx,
        [...at, 'name'],
        `too long for SNS's ${MAX_SNS_NAME} characters in a 20-character stage`,
      );
    }
    const sameName = names.get(topic.name);
    if (sameName !== undefined) {
      report(ctx, [...at, 'name'], `"${topic.name}" is already the name of ${sameName}`);
    }
    names.set(topic.name, `topic "${topicKey}"`);
    const sameId = logicalIds.get(topic.logicalId);
    if (sameId !== undefined) {
      report(
        ctx,
        [...at, 'logicalId'],
        `"${topic.logicalId}" is already the logicalId of topic "${sameId}"`,
      );
    }
    logicalIds.set(topic.logicalId, topicKey);
    for (const eventType of topic.events) {
      const carrier = carriers.get(eventType);
      if (carrier !== undefined && carrier !== topicKey) {
        report(
          ctx,
          [...at, 'events'],
          `${eventType} is already on topic "${carrier}"; an event type goes on one topic only`,
        );
      }
      carriers.set(eventType, topicKey);
    }
  }
};

const checkQueueSettings = (ctx: Context, queueKey: string, queue: QueueSpec): void => {
  const base = queueSettingsProblems(queue.fifo, queue);
  for (const problem of base) report(ctx, ['queues', queueKey, problem.field], problem.message);
  for (const stage of Object.keys(queue.stages ?? {})) {
    for (const problem of queueSettingsProblems(queue.fifo, mergeStageSettings(queue, stage))) {
      if (base.some((known) => known.message === problem.message)) continue;
      report(
        ctx,
        ['queues', queueKey, 'stages', stage, problem.field],
        `${problem.message} (in stage "${stage}")`,
      );
    }
  }
};

const checkSubscriptions = (
  ctx: Context,
  queueKey: string,
  queue: QueueSpec,
  topics: Readonly<Record<string, TopicSpec>>,
): void => {
  for (const [topicKey, subscription] of Object.entries(queue.subscriptions)) {
    const at = ['queues', queueKey, 'subscriptions', topicKey];
    const topic = topics[topicKey];
    if (topic === undefined) {
      report(ctx, at, `subscribes to topic "${topicKey}", which the topology does not declare`);
      continue;
    }
    if (queue.fifo && !topic.fifo) {
      report(ctx, at, `a FIFO queue cannot subscribe to the standard topic "${topicKey}"`);
    }
    for (const eventType of subscription.events) {
      if (!topic.events.includes(eventType)) {
        report(
          ctx,
          [...at, 'events'],
          `topic "${topicKey}" never carries ${eventType} (it carries ${topic.events.join(', ')})`,
        );
      }
    }
  }
};

const checkQueues = (
  ctx: Context,
  namePrefix: string,
  queues: Readonly<Record<string, QueueSpec>>,
  topics: Readonly<Record<string, TopicSpec>>,
): void => {
  const names = new Map<string, string>();
  const logicalIds = new Map<string, string>();
  const room = roomFor(namePrefix, MAX_SQS_NAME);
  for (const [queueKey, queue] of Object.entries(queues)) {
    const at = ['queues', queueKey];
    if (queue.name.endsWith('.fifo') !== queue.fifo) {
      report(
        ctx,
        [...at, 'name'],
        queue.fifo
          ? 'a FIFO queue\'s name ends with ".fifo"'
          : 'only a FIFO queue\'s name ends with ".fifo"',
      );
    }
    if (queue.dlqName.endsWith('.fifo') !== queue.fifo) {
      report(
        ctx,
        [...at, 'dlqName'],
        `the DLQ is of its queue's kind (${queue.fifo ? 'FIFO: ends with ".fifo"' : 'standard: no ".fifo"'})`,
      );
    }
    for (const field of ['name', 'dlqName'] as const) {
      const name = queue[field];
      if (name.length > room) {
        report(
          ctx,
          [...at, field],
          `"${name}" is longer than the ${room} characters SQS's ${MAX_SQS_NAME} leave after "${namePrefix}-<stage>-"`,
        );
      }
      const owner = names.get(name);
      if (owner !== undefined) {
        report(ctx, [...at, field], `"${name}" is already the name of ${owner}`);
      }
      names.set(name, `${field === 'name' ? 'queue' : 'the DLQ of queue'} "${queueKey}"`);
    }
    // CloudFormation ids (`<logicalId>Queue`, `<logicalId>Dlq`, ...) share the consumer's stack.
    const idInStack = `${queue.consumer}/${queue.logicalId}`;
    const sameId = logicalIds.get(idInStack);
    if (sameId !== undefined) {
      report(
        ctx,
        [...at, 'logicalId'],
        `"${queue.logicalId}" is already the logicalId of queue "${sameId}" in ${queue.consumer}'s stack`,
      );
    }
    logicalIds.set(idInStack, queueKey);
    checkQueueSettings(ctx, queueKey, queue);
    checkSubscriptions(ctx, queueKey, queue, topics);
  }
};

/**
 * The zod schema of `topology.json`: every field's shape and range, then the combinations that
 * cannot deploy or cannot route (each issue's path starts with the queue or topic key).
 */
export const topologySchema = z
  .strictObject({
    /** Free text for the humans who edit the file. */
    $comment: z.exactOptional(z.union([z.string(), z.array(z.string())])),
    namePrefix: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case kebab-case')),
    operations: z.strictObject({
      topicName: resourceName.check(
        z.refine((name) => !name.endsWith('.fifo'), {
          message: 'CloudWatch alarms cannot notify a FIFO topic: the operations topic is standard',
        }),
      ),
    }),
    topics: z.record(key, topicSchema),
    queues: z.record(key, queueSchema),
  })
  .check(
    z.superRefine((value, ctx) => {
      checkTopics(ctx, value.namePrefix, value.topics, value.operations.topicName);
      checkQueues(ctx, value.namePrefix, value.queues, value.topics);
    }),
  );
