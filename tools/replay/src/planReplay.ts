import { ReplayError, WindowRefusedError } from './errors.ts';
import type { ConsumerQueue, SubscribedTopic } from './findConsumerQueue.ts';
import type { TimePoint } from './parseTimePoint.ts';
import type { ReplayGateway } from './ReplayGateway.ts';

const dayMs = 86_400_000;

/** The window to replay. */
export interface ReplayWindow {
  readonly from: TimePoint;
  /** Without it, the replay catches up to now and the subscription carries on. */
  readonly to: TimePoint | undefined;
}

/** The replay of one subscription of the queue. */
export interface PlannedReplay {
  readonly topic: SubscribedTopic;
  readonly topicArn: string;
  readonly subscriptionArn: string;
  /** The topic's `BeginningArchiveTime`, epoch milliseconds. */
  readonly beginningArchiveTime: number;
  /** The topic's `ArchivePolicy.MessageRetentionPeriod`. */
  readonly retentionDays: number;
  readonly startingPoint: number;
  readonly endingPoint: number | undefined;
  /** The `ReplayPolicy` to set, as JSON. */
  readonly policy: string;
}

/** Everything a replay of a queue will do, checked against the topics' archives. */
export interface ReplayPlan {
  readonly queue: ConsumerQueue;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly replays: readonly PlannedReplay[];
}

const iso = (time: number): string => new Date(time).toISOString();

/** A `ReplayPolicy` value, as SNS documents it. */
export const replayPolicy = (startingPoint: number, endingPoint?: number): string =>
  JSON.stringify({
    PointType: 'Timestamp',
    StartingPoint: iso(startingPoint),
    ...(endingPoint === undefined ? {} : { EndingPoint: iso(endingPoint) }),
  });

/** `{"MessageRetentionPeriod":"<days>"}` (a number is taken too); undefined for no archive. */
const retentionDaysOf = (archivePolicy: string | undefined): number | undefined => {
  if (archivePolicy === undefined || archivePolicy.trim() === '') return undefined;
  try {
    const period = (JSON.parse(archivePolicy) as { MessageRetentionPeriod?: unknown } | null)
      ?.MessageRetentionPeriod;
    const days = Number(period);
    return period === undefined || !Number.isInteger(days) || days < 1 ? undefined : days;
  } catch {
    return undefined;
  }
};

/** The SNS topic ARN of a topic name, in the account, region and partition of a queue ARN. */
/** The ARN of topic `topicName` in the account and region of the queue `queueArn`. */
export const topicArnBeside = (queueArn: string, topicName: string): string => {
  const [arn, partition, , region, account] = queueArn.split(':');
  if (arn !== 'arn' || partition === undefined || region === undefined || account === undefined) {
    throw new ReplayError(`Unexpected queue ARN "${queueArn}".`);
  }
  return `arn:${partition}:sns:${region}:${account}:${topicName}`;
};

/** Options of {@link planReplay}. */
export interface PlanOptions {
  readonly queue: ConsumerQueue;
  readonly window: ReplayWindow;
  readonly gateway: ReplayGateway;
  /** The time now, epoch milliseconds. */
  readonly now: number;
  /** Where the calls go, for messages: `the local cloud on 127.0.0.1:4566`, say. */
  readonly where: string;
}

interface TopicArchive {
  readonly topic: SubscribedTopic;
  readonly topicArn: string;
  readonly retentionDays: number;
  /** The later of `BeginningArchiveTime` and now minus the retention. */
  readonly beginning: number;
}

const readArchive = async (
  topic: SubscribedTopic,
  topicArn: string,
  options: PlanOptions,
): Promise<TopicArchive> => {
  const attributes = await options.gateway.topicAttributes(topicArn);
  if (attributes === undefined) {
    throw new ReplayError(
      `Topic ${topic.name} does not exist in ${options.where}. Is its producer deployed to this stage (and region)?`,
    );
  }
  const retentionDays = retentionDaysOf(attributes['ArchivePolicy']);
  if (retentionDays === undefined) {
    throw new WindowRefusedError(
      `Topic ${topic.name} has no ArchivePolicy in ${options.where}, so SNS kept nothing of it to replay.`,
    );
  }
  const stated = Date.parse(attributes['BeginningArchiveTime'] ?? '');
  const byRetention = options.now - retentionDays * dayMs;
  return {
    topic,
    topicArn,
    retentionDays,
    beginning: Number.isNaN(stated) ? byRetention : Math.max(stated, byRetention),
  };
};

/**
 * Refuses a window that is reversed or in the future. Needs no AWS call, so the CLI runs it before
 * connecting: a typo in `--from` or `--to` fails at once, even offline.
 *
 * @throws WindowRefusedError naming the bound at fault.
 * @example
 * ```ts
 * checkReplayWindow({ from: parseTimePoint('2h', '--from', now), to: undefined }, now); // passes
 * ```
 */
export const checkReplayWindow = (window: ReplayWindow, now: number): void => {
  const from = window.from.kind === 'at' ? window.from.time : undefined;
  const to = window.to?.kind === 'at' ? window.to.time : undefined;
  if (from !== undefined && from > now) {
    throw new WindowRefusedError(
      `--from ${iso(from)} is in the future (it is ${iso(now)}): nothing is archived after now.`,
    );
  }
  if (to !== undefined && to > now) {
    throw new WindowRefusedError(
      `--to ${iso(to)} is in the future (it is ${iso(now)}); leave --to out to replay up to now and carry on.`,
    );
  }
  if (from !== undefined && to !== undefined && to < from) {
    throw new WindowRefusedError(`--to ${iso(to)} is before --from ${iso(from)}.`);
  }
};

/** Refuses a window that {@link checkReplayWindow} refuses, or that starts before an archive does. */
const checkWindow = (archives: readonly TopicArchive[], options: PlanOptions): void => {
  const { window, now } = options;
  checkReplayWindow(window, now);
  const from = window.from.kind === 'at' ? window.from.time : undefined;
  const to = window.to?.kind === 'at' ? window.to.time : undefined;
  for (const archive of archives) {
    const describe = `the archive of ${archive.topic.name} begins at ${iso(archive.beginning)} (BeginningArchiveTime; its ArchivePolicy keeps ${String(archive.retentionDays)} days)`;
    if (from !== undefined && from < archive.beginning) {
      throw new WindowRefusedError(
        `--from ${iso(from)} is before ${describe}. Use --from start, or a later time.`,
      );
    }
    if (to !== undefined && to < archive.beginning) {
      throw new WindowRefusedError(`--to ${iso(to)} is before ${describe}.`);
    }
  }
};

/**
 * Plans the replay of a consumer queue: finds the queue, reads each topic it subscribes to
 * (`ArchivePolicy`, `BeginningArchiveTime`), refuses a window outside those archives, and finds
 * the queue's subscription to each topic (ListSubscriptionsByTopic, matching the queue's ARN).
 * Changes nothing.
 *
 * @throws WindowRefusedError for a window outside the archive or a topic without one.
 * @throws ReplayError when the queue, a topic or a subscription does not exist.
 */
export const planReplay = async (options: PlanOptions): Promise<ReplayPlan> => {
  const { queue, gateway, where } = options;
  const found = await gateway.queue(queue.name);
  if (found === undefined) {
    throw new ReplayError(
      `Queue ${queue.name} does not exist in ${where}. Is ${queue.consumer} deployed to this stage (and region)?`,
    );
  }
  const archives: TopicArchive[] = [];
  for (const topic of queue.topics) {
    archives.push(await readArchive(topic, topicArnBeside(found.arn, topic.name), options));
  }
  checkWindow(archives, options);
  const replays: PlannedReplay[] = [];
  for (const archive of archives) {
    const subscriptions = (await gateway.subscriptions(archive.topicArn)).filter(
      ({ protocol, endpoint }) => protocol === 'sqs' && endpoint === found.arn,
    );
    if (subscriptions.length === 0) {
      throw new ReplayError(
        `${queue.name} has no subscription to ${archive.topic.name} in ${where}. Is ${queue.consumer} deployed with the current topology?`,
      );
    }
    const startingPoint =
      options.window.from.kind === 'at' ? options.window.from.time : archive.beginning;
    const endingPoint = options.window.to?.kind === 'at' ? options.window.to.time : undefined;
    for (const { subscriptionArn } of subscriptions) {
      replays.push({
        topic: archive.topic,
        topicArn: archive.topicArn,
        subscriptionArn,
        beginningArchiveTime: archive.beginning,
        retentionDays: archive.retentionDays,
        startingPoint,
        endingPoint,
        policy: replayPolicy(startingPoint, endingPoint),
      });
    }
  }
  return { queue, queueUrl: found.url, queueArn: found.arn, replays };
};
