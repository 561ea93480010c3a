import { createHash, randomUUID } from 'node:crypto';
import type { PublishedSnsMessage, SnsExtension, SnsExtensionApi } from 'fauxqs';
import { beginningArchiveTime, parseArchivePolicy } from './archivePolicy.ts';
import type {
  ArchiveStore,
  FirstPublish,
  FirstPublishQuery,
  ReplayState,
  TopicArchive,
} from './ArchiveStore.ts';
import { InvalidAttributeError } from './InvalidAttributeError.ts';
import { defaultReplayPacer, type ReplayPacer } from './ReplayPacer.ts';
import { parseReplayPolicy, type ReplayPolicy, ReplayStatuses } from './replayPolicy.ts';

/** Options of {@link SnsArchive}. */
export interface SnsArchiveOptions {
  readonly store: ArchiveStore;
  /** The clock of publish times, retention and replay windows; `Date.now` by default. */
  readonly now?: () => number;
  /** When replays take their steps; {@link defaultReplayPacer} by default. */
  readonly pacer?: ReplayPacer;
  /** Receives a line when a replay fails. */
  readonly log?: (line: string) => void;
}

interface Replay {
  state: ReplayState;
  cancelled: boolean;
  /** Set while the replay waits for a publish (an EndingPoint still ahead). */
  wake: (() => void) | undefined;
}

const dayMs = 86_400_000;
const batchSize = 50;
// BeginningArchiveTime moves on with the clock once the archive is older than its retention, so
// a StartingPoint read from it a moment earlier is still taken ("approximate", the SNS console
// calls it).
const beginningToleranceMs = 60_000;
const longestTimerMs = 2 ** 31 - 1;

const iso = (time: number): string => new Date(time).toISOString();

// A function, not a property read: a replay can be stopped while its step awaits.
const stopped = (replay: Replay): boolean => replay.cancelled;

const invalidParameter = (reason: string): InvalidAttributeError =>
  new InvalidAttributeError(`Invalid parameter: ${reason}`);

/** The `Attributes.entry.N.key`/`.value` pairs of an SNS query request. */
const entryAttributes = (params: Readonly<Record<string, string>>): Record<string, string> => {
  const attributes: Record<string, string> = {};
  for (const [name, key] of Object.entries(params)) {
    const match = /^Attributes\.entry\.(\d+)\.key$/.exec(name);
    const value = match === null ? undefined : params[`Attributes.entry.${match[1] ?? ''}.value`];
    if (value !== undefined) attributes[key] = value;
  }
  return attributes;
};

const escapeXml = (value: string): string =>
  value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');

const unescapeXml = (value: string): string =>
  value
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');

const xmlValue = (answer: string, tag: string): string | undefined => {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(answer);
  return match?.[1] === undefined ? undefined : unescapeXml(match[1]);
};

/** fauxqs's answer with one more `<entry>` in its `<Attributes>`. */
const withAttribute = (answer: string, key: string, value: string): string =>
  answer.replace(
    '</Attributes>',
    `<entry><key>${escapeXml(key)}</key><value>${escapeXml(value)}</value></entry></Attributes>`,
  );

/**
 * A replayed message's deduplication id in a FIFO queue: new for each replay, so the queue does
 * not drop it as a repeat of the original delivery (AWS does not document the id it uses).
 */
export const replayDeduplicationId = (replayId: string, seq: number): string =>
  createHash('sha256')
    .update(`${replayId}:${String(seq)}`)
    .digest('hex');

/**
 * SNS message archiving and replay for FIFO topics, plugged into fauxqs as its `snsExtension`,
 * with AWS's attributes: a topic's `ArchivePolicy` (`{"MessageRetentionPeriod":"<days>"}`,
 * 1-365, FIFO topics only) archives every message published to it, pruned by retention, and
 * `GetTopicAttributes` reports its `BeginningArchiveTime`; a subscription's `ReplayPolicy`
 * (`{"PointType":"Timestamp","StartingPoint":"<ISO>","EndingPoint":"<ISO>"}`) replays the
 * window to that subscription only, in publish order, through its filter policy, with the
 * original MessageId, Timestamp, body and attributes plus `Replayed`; `GetSubscriptionAttributes`
 * reports `ReplayStatus`. While a replay runs, new messages reach the subscription through it,
 * after the archived ones; once a replay with an `EndingPoint` completes the subscription is
 * paused, as in AWS, until a ReplayPolicy without one. A topic with an archive cannot be
 * deleted. See the local cloud's README for what was taken from AWS's documentation.
 */
export class SnsArchive implements SnsExtension {
  readonly #store: ArchiveStore;
  readonly #clock: () => number;
  readonly #pacer: ReplayPacer;
  readonly #log: (line: string) => void;
  readonly #replays = new Map<string, Replay>();
  readonly #waiting = new Map<string, Set<() => void>>();
  #api: SnsExtensionApi | undefined;

  constructor(options: SnsArchiveOptions) {
    this.#store = options.store;
    this.#clock = options.now ?? Date.now;
    this.#pacer = options.pacer ?? defaultReplayPacer;
    this.#log = options.log ?? (() => undefined);
  }

  attach(api: SnsExtensionApi): void {
    this.#api = api;
    // Resume the replays a stop interrupted; forget those of subscriptions that are gone.
    for (const state of this.#store.replays()) {
      if (api.subscription(state.subscriptionArn) === undefined) {
        this.#store.deleteReplay(state.subscriptionArn);
        continue;
      }
      const replay: Replay = { state, cancelled: false, wake: undefined };
      this.#replays.set(state.subscriptionArn, replay);
      if (state.status === ReplayStatuses.Pending || state.status === ReplayStatuses.InProgress) {
        this.#start(replay);
      }
    }
  }

  now(): number {
    return this.#clock();
  }

  published(message: PublishedSnsMessage): void {
    const archive = this.#pruned(message.topicArn);
    if (archive === undefined) return;
    this.#store.append(message);
    for (const wake of [...(this.#waiting.get(message.topicArn) ?? [])]) wake();
  }

  /**
   * fauxqs keeps the deduplication ids of the last 5 minutes in memory only; the archive, in the
   * state folder, answers for the publishes before a restart (of topics that have an archive).
   */
  firstPublish(query: FirstPublishQuery): FirstPublish | undefined {
    return this.#store.firstPublish(query);
  }

  lastSequenceNumber(topicArn: string): string | undefined {
    return this.#store.lastSequenceNumber(topicArn);
  }

  deliversLive(subscriptionArn: string): boolean {
    const state = this.#replays.get(subscriptionArn)?.state;
    if (state === undefined || state.status === ReplayStatuses.Failed) return true;
    // A running replay delivers new messages after the archived ones, so their order holds.
    if (state.status !== ReplayStatuses.Completed) return false;
    return state.endingPoint === undefined;
  }

  async handleAction(
    action: string,
    params: Readonly<Record<string, string>>,
    next: () => Promise<string>,
  ): Promise<string> {
    try {
      return await this.#handle(action, params, next);
    } catch (error) {
      if (error instanceof InvalidAttributeError) {
        throw this.#fauxqs().error('InvalidParameter', error.message);
      }
      throw error;
    }
  }

  /**
   * Stops every replay where it is: a step under way records nothing, so a restart on the same
   * store resumes each from its last recorded message. Call before fauxqs stops.
   */
  stop(): Promise<void> {
    for (const replay of this.#replays.values()) {
      replay.cancelled = true;
      replay.wake?.();
    }
    return Promise.resolve();
  }

  /** Closes the store; after fauxqs stopped. */
  close(): Promise<void> {
    this.#store.close();
    return Promise.resolve();
  }

  async #handle(
    action: string,
    params: Readonly<Record<string, string>>,
    next: () => Promise<string>,
  ): Promise<string> {
    switch (action) {
      case 'CreateTopic':
        return this.#createTopic(params, next);
      case 'SetTopicAttributes':
        return params['AttributeName'] === 'ArchivePolicy'
          ? this.#setArchivePolicy(params['TopicArn'] ?? '', params['AttributeValue'] ?? '')
          : next();
      case 'GetTopicAttributes':
        return this.#getTopicAttributes(params['TopicArn'] ?? '', next);
      case 'DeleteTopic':
        return this.#deleteTopic(params['TopicArn'] ?? '', next);
      case 'Subscribe':
        return this.#subscribe(params, next);
      case 'SetSubscriptionAttributes':
        return params['AttributeName'] === 'ReplayPolicy'
          ? this.#setReplayPolicy(params['SubscriptionArn'] ?? '', params['AttributeValue'] ?? '')
          : next();
      case 'GetSubscriptionAttributes': {
        const answer = await next();
        const state = this.#replays.get(params['SubscriptionArn'] ?? '')?.state;
        return state === undefined ? answer : withAttribute(answer, 'ReplayStatus', state.status);
      }
      case 'Unsubscribe': {
        const answer = await next();
        const arn = params['SubscriptionArn'] ?? '';
        if (this.#fauxqs().subscription(arn) === undefined) this.#forgetReplay(arn);
        return answer;
      }
      default:
        return next();
    }
  }

  async #createTopic(params: Readonly<Record<string, string>>, next: () => Promise<string>) {
    const value = entryAttributes(params)['ArchivePolicy'];
    if (value === undefined) return next();
    const policy = parseArchivePolicy(value);
    const name = params['Name'] ?? '';
    if (policy !== undefined && !name.endsWith('.fifo')) {
      throw invalidParameter('ArchivePolicy Reason: only FIFO topics have an archive');
    }
    const answer = await next();
    const topicArn = xmlValue(answer, 'TopicArn');
    if (policy !== undefined && topicArn !== undefined) {
      if (this.#store.archive(topicArn) === undefined) {
        this.#store.enable(topicArn, policy.retentionDays, this.#clock());
      }
    }
    return answer;
  }

  #setArchivePolicy(topicArn: string, value: string): string {
    const api = this.#fauxqs();
    const topic = api.topic(topicArn);
    if (topic === undefined) throw api.error('NotFound', 'Topic does not exist', 404);
    const policy = parseArchivePolicy(value);
    if (policy === undefined) {
      // SNS deletes the archived messages when the archive policy is turned off.
      this.#store.disable(topicArn);
      api.setTopicAttribute(topicArn, 'ArchivePolicy', undefined);
    } else {
      if (topic.attributes['FifoTopic'] !== 'true') {
        throw invalidParameter('ArchivePolicy Reason: only FIFO topics have an archive');
      }
      this.#store.enable(topicArn, policy.retentionDays, this.#clock());
      this.#pruned(topicArn);
      api.setTopicAttribute(topicArn, 'ArchivePolicy', value);
    }
    return api.success('SetTopicAttributes');
  }

  async #getTopicAttributes(topicArn: string, next: () => Promise<string>): Promise<string> {
    const answer = await next();
    const archive = this.#pruned(topicArn);
    return archive === undefined
      ? answer
      : withAttribute(answer, 'BeginningArchiveTime', iso(this.#beginning(archive)));
  }

  async #deleteTopic(topicArn: string, next: () => Promise<string>): Promise<string> {
    const api = this.#fauxqs();
    if (this.#store.archive(topicArn) !== undefined) {
      throw api.error(
        'InvalidState',
        'Invalid state: Cannot delete a topic with an active ArchivePolicy; set its ArchivePolicy to {} first, which deletes the archived messages.',
      );
    }
    const subscriptions = api.topic(topicArn)?.subscriptionArns ?? [];
    const answer = await next();
    for (const arn of subscriptions) this.#forgetReplay(arn);
    return answer;
  }

  async #subscribe(
    params: Readonly<Record<string, string>>,
    next: () => Promise<string>,
  ): Promise<string> {
    const value = entryAttributes(params)['ReplayPolicy'];
    if (value === undefined) return next();
    const topicArn = params['TopicArn'] ?? '';
    const policy = this.#checkedReplayPolicy(topicArn, value);
    const answer = await next();
    const subscriptionArn = xmlValue(answer, 'SubscriptionArn');
    const known = this.#replays.get(subscriptionArn ?? '')?.state;
    // Subscribe is idempotent: the same subscription again does not start its replay again.
    const same =
      known?.startingPoint === policy.startingPoint && known.endingPoint === policy.endingPoint;
    if (subscriptionArn !== undefined && !same) {
      this.#startReplay(subscriptionArn, topicArn, policy);
    }
    return answer;
  }

  #setReplayPolicy(subscriptionArn: string, value: string): string {
    const api = this.#fauxqs();
    const subscription = api.subscription(subscriptionArn);
    if (subscription === undefined) {
      throw api.error('NotFound', 'Subscription does not exist', 404);
    }
    if (value.trim() === '') {
      // No policy: no replay, and the subscription delivers new messages again.
      this.#forgetReplay(subscriptionArn);
      api.setSubscriptionAttribute(subscriptionArn, 'ReplayPolicy', undefined);
      return api.success('SetSubscriptionAttributes');
    }
    const policy = this.#checkedReplayPolicy(subscription.topicArn, value);
    api.setSubscriptionAttribute(subscriptionArn, 'ReplayPolicy', value);
    // Starting a replay replaces the one in progress, as in AWS.
    this.#startReplay(subscriptionArn, subscription.topicArn, policy);
    return api.success('SetSubscriptionAttributes');
  }

  #checkedReplayPolicy(topicArn: string, value: string): ReplayPolicy {
    const policy = parseReplayPolicy(value);
    const topic = this.#fauxqs().topic(topicArn);
    if (topic === undefined) return policy; // fauxqs answers NotFound for the topic itself
    if (topic.attributes['FifoTopic'] !== 'true') {
      throw invalidParameter('ReplayPolicy Reason: only subscriptions to FIFO topics replay');
    }
    const archive = this.#pruned(topicArn);
    if (archive === undefined) {
      throw invalidParameter(
        `ReplayPolicy Reason: topic ${topicArn} has no ArchivePolicy, so it has no archive to replay`,
      );
    }
    const now = this.#clock();
    const beginning = this.#beginning(archive);
    if (policy.startingPoint < beginning - beginningToleranceMs) {
      throw invalidParameter(
        `ReplayPolicy Reason: StartingPoint ${iso(policy.startingPoint)} is before the topic's BeginningArchiveTime ${iso(beginning)}`,
      );
    }
    if (policy.startingPoint > now) {
      throw invalidParameter(
        `ReplayPolicy Reason: StartingPoint ${iso(policy.startingPoint)} is in the future`,
      );
    }
    return policy;
  }

  #beginning(archive: TopicArchive): number {
    return beginningArchiveTime(archive, archive.enabledAt, this.#clock());
  }

  /** The topic's archive, with what is past its retention deleted. */
  #pruned(topicArn: string): TopicArchive | undefined {
    const archive = this.#store.archive(topicArn);
    if (archive !== undefined) {
      this.#store.prune(topicArn, this.#clock() - archive.retentionDays * dayMs);
    }
    return archive;
  }

  #startReplay(subscriptionArn: string, topicArn: string, policy: ReplayPolicy): void {
    this.#cancel(subscriptionArn);
    const replay: Replay = {
      state: {
        subscriptionArn,
        topicArn,
        replayId: randomUUID(),
        startingPoint: policy.startingPoint,
        endingPoint: policy.endingPoint,
        status: ReplayStatuses.Pending,
        cursor: 0,
        delivered: 0,
      },
      cancelled: false,
      wake: undefined,
    };
    this.#store.putReplay(replay.state);
    this.#replays.set(subscriptionArn, replay);
    this.#start(replay);
  }

  #forgetReplay(subscriptionArn: string): void {
    this.#cancel(subscriptionArn);
    this.#replays.delete(subscriptionArn);
    this.#store.deleteReplay(subscriptionArn);
  }

  #cancel(subscriptionArn: string): void {
    const replay = this.#replays.get(subscriptionArn);
    if (replay === undefined) return;
    replay.cancelled = true;
    replay.wake?.();
  }

  #start(replay: Replay): void {
    void this.#run(replay).catch((error: unknown) => {
      if (replay.cancelled) return;
      this.#log(
        `sns: the replay to ${replay.state.subscriptionArn} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.#update(replay, { status: ReplayStatuses.Failed });
    });
  }

  /** Records a step of a replay; false (and nothing recorded) once it was replaced or stopped. */
  #update(replay: Replay, changes: Partial<ReplayState>): boolean {
    if (replay.cancelled) return false;
    replay.state = { ...replay.state, ...changes };
    this.#store.putReplay(replay.state);
    return true;
  }

  async #run(replay: Replay): Promise<void> {
    const { subscriptionArn, topicArn } = replay.state;
    const api = this.#fauxqs();
    await this.#pacer.beforeStart(subscriptionArn);
    if (!this.#update(replay, { status: ReplayStatuses.InProgress })) return;
    let index = 0;
    for (;;) {
      if (stopped(replay)) return;
      if (this.#pruned(topicArn) === undefined) {
        this.#log(`sns: the replay to ${subscriptionArn} failed: ${topicArn} has no archive now`);
        this.#update(replay, { status: ReplayStatuses.Failed });
        return;
      }
      const { cursor, startingPoint, endingPoint } = replay.state;
      const batch = this.#store.messagesAfter(topicArn, cursor, startingPoint, batchSize);
      const due = batch.filter(
        ({ message }) => endingPoint === undefined || message.timestamp <= endingPoint,
      );
      if (due.length === 0) {
        // Caught up. Decided in the same turn as the query above, so a message published from
        // here on is delivered live (or, once paused, not at all), and none falls in between.
        const now = this.#clock();
        const ended = endingPoint !== undefined && (batch.length > 0 || endingPoint <= now);
        if (endingPoint === undefined || ended) {
          this.#update(replay, { status: ReplayStatuses.Completed });
          return;
        }
        await this.#nextPublish(replay, Math.min(endingPoint - now, longestTimerMs));
        continue;
      }
      for (const archived of due) {
        await this.#pacer.beforeDelivery(subscriptionArn, index);
        index += 1;
        if (stopped(replay)) return;
        const outcome = await api.deliver(subscriptionArn, archived.message, {
          deduplicationId: replayDeduplicationId(replay.state.replayId, archived.seq),
        });
        if (outcome === 'no-subscription' || outcome === 'no-queue') {
          this.#log(
            `sns: the replay to ${subscriptionArn} failed: ${outcome === 'no-queue' ? 'its queue does not exist' : 'it is no longer an SQS subscription'}`,
          );
          this.#update(replay, { status: ReplayStatuses.Failed });
          return;
        }
        const delivered = replay.state.delivered + (outcome === 'delivered' ? 1 : 0);
        if (!this.#update(replay, { cursor: archived.seq, delivered })) return;
      }
    }
  }

  /** Resolves at the topic's next publish, after `ms`, or when the replay is stopped. */
  async #nextPublish(replay: Replay, ms: number): Promise<void> {
    const waiting = this.#waiting.get(replay.state.topicArn) ?? new Set<() => void>();
    this.#waiting.set(replay.state.topicArn, waiting);
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        waiting.delete(done);
        replay.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(ms, 0));
      waiting.add(done);
      replay.wake = done;
    });
  }

  #fauxqs(): SnsExtensionApi {
    if (this.#api === undefined) throw new Error('The SNS archive is not attached to fauxqs.');
    return this.#api;
  }
}
