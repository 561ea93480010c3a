import { type PlannedReplay, type ReplayPlan, replayPolicy } from './planReplay.ts';
import type { QueueDepth, ReplayGateway } from './ReplayGateway.ts';

/** The `ReplayStatus` values SNS reports on a subscription. */
export const ReplayStatuses = {
  Pending: 'Pending',
  InProgress: 'In progress',
  Completed: 'Completed',
  Failed: 'Failed',
} as const;

/** What the tool knows of a subscription's replay. */
export type ReplayStatus = (typeof ReplayStatuses)[keyof typeof ReplayStatuses];

/** The two rounds of a replay with an end: the window, then the resume. */
export const ReplayPhases = {
  /** Replaying the window. */
  Replaying: 'replaying',
  /** Replaying from the start of the run, so the subscription catches up and carries on. */
  Resuming: 'resuming',
} as const;

/** A {@link ReplayPhases} value. */
export type ReplayPhase = (typeof ReplayPhases)[keyof typeof ReplayPhases];

/** The clock a replay follows its progress with. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** One subscription's replay and where it stands. */
export interface SubscriptionProgress {
  readonly replay: PlannedReplay;
  readonly status: ReplayStatus;
}

/** A snapshot, at each poll. */
export interface ReplayProgress {
  readonly phase: ReplayPhase;
  readonly subscriptions: readonly SubscriptionProgress[];
  /** The queue's depth at this poll. */
  readonly depth: QueueDepth;
  readonly elapsedMs: number;
}

/** What was replayed. */
export interface ReplayResult {
  readonly plan: ReplayPlan;
  /** When the first ReplayPolicy was set, epoch milliseconds. */
  readonly startedAt: number;
  readonly finishedAt: number;
  /** Each subscription's final status (of the resume, if there was one). */
  readonly subscriptions: readonly SubscriptionProgress[];
  /** The ReplayPolicy each subscription was resumed with, after a replay with an end. */
  readonly resumedWith: string | undefined;
  /** Whether every replay (and resume) completed. */
  readonly completed: boolean;
  /** The queue's depth at the end: the replayed messages not yet consumed, and any others. */
  readonly depth: QueueDepth;
}

/** Options of {@link runReplay}. */
export interface RunOptions {
  readonly plan: ReplayPlan;
  readonly gateway: ReplayGateway;
  readonly clock: Clock;
  /** Pause between two polls of the statuses. */
  readonly pollIntervalMs: number;
  /** After a replay with an end, resume each subscription from a minute before the run started. */
  readonly resume: boolean;
  readonly onProgress?: (progress: ReplayProgress) => void;
}

const terminal = (status: ReplayStatus): boolean =>
  status === ReplayStatuses.Completed || status === ReplayStatuses.Failed;

const known = (status: string | undefined): ReplayStatus =>
  (Object.values(ReplayStatuses) as string[]).includes(status ?? '')
    ? (status as ReplayStatus)
    : ReplayStatuses.Pending;

// A "Completed" right after the policy was set may be the previous replay's (SNS is eventually
// consistent), so it counts once seen after Pending or In progress, or this many polls in a row.
const completedPollsToTrust = 3;

// The resume starts this long before the run did, in case this machine's clock is ahead of
// SNS's: a message is better delivered twice than missed.
const resumeMarginMs = 60_000;

/** Polls each subscription's ReplayStatus until every one has completed or failed. */
const follow = async (
  replays: readonly PlannedReplay[],
  phase: ReplayPhase,
  startedAt: number,
  options: RunOptions,
): Promise<SubscriptionProgress[]> => {
  const { gateway, clock, plan } = options;
  const seenRunning = new Set<string>();
  const completedPolls = new Map<string, number>();
  for (;;) {
    const subscriptions: SubscriptionProgress[] = [];
    let settled = true;
    for (const replay of replays) {
      const status = known(await gateway.replayStatus(replay.subscriptionArn));
      subscriptions.push({ replay, status });
      if (status === ReplayStatuses.Completed) {
        const polls = (completedPolls.get(replay.subscriptionArn) ?? 0) + 1;
        completedPolls.set(replay.subscriptionArn, polls);
        if (!seenRunning.has(replay.subscriptionArn) && polls < completedPollsToTrust) {
          settled = false;
        }
      } else {
        completedPolls.delete(replay.subscriptionArn);
        if (status !== ReplayStatuses.Failed) seenRunning.add(replay.subscriptionArn);
        if (!terminal(status)) settled = false;
      }
    }
    const depth = await gateway.queueDepth(plan.queueUrl);
    options.onProgress?.({ phase, subscriptions, depth, elapsedMs: clock.now() - startedAt });
    if (settled) return subscriptions;
    await clock.sleep(options.pollIntervalMs);
  }
};

/**
 * Replays a planned queue: sets each subscription's `ReplayPolicy`, follows their
 * `ReplayStatus` (reporting each poll to `onProgress`) until each has completed or failed. A
 * replay with an `EndingPoint` leaves a subscription paused (SNS then delivers it nothing new),
 * so with `resume` each is then given a ReplayPolicy from a minute before the run started,
 * without an end: it gets what it missed meanwhile (some messages twice; consumers are idempotent) and
 * new messages again.
 */
export const runReplay = async (options: RunOptions): Promise<ReplayResult> => {
  const { plan, gateway, clock } = options;
  const startedAt = clock.now();
  for (const replay of plan.replays) {
    await gateway.setReplayPolicy(replay.subscriptionArn, replay.policy);
  }
  let subscriptions = await follow(plan.replays, ReplayPhases.Replaying, startedAt, options);
  let completed = subscriptions.every(({ status }) => status === ReplayStatuses.Completed);
  const bounded = plan.replays.some(({ endingPoint }) => endingPoint !== undefined);
  let resumedWith: string | undefined;
  if (completed && bounded && options.resume) {
    const earliest = Math.max(...plan.replays.map((replay) => replay.beginningArchiveTime));
    resumedWith = replayPolicy(Math.max(startedAt - resumeMarginMs, earliest));
    for (const replay of plan.replays) {
      await gateway.setReplayPolicy(replay.subscriptionArn, resumedWith);
    }
    subscriptions = await follow(plan.replays, ReplayPhases.Resuming, startedAt, options);
    completed = subscriptions.every(({ status }) => status === ReplayStatuses.Completed);
  }
  return {
    plan,
    startedAt,
    finishedAt: clock.now(),
    subscriptions,
    resumedWith,
    completed,
    depth: await gateway.queueDepth(plan.queueUrl),
  };
};
