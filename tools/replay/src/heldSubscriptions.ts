import type { ConsumerQueue, SubscribedTopic } from './findConsumerQueue.ts';
import { topicArnBeside } from './planReplay.ts';
import type { ReplayGateway } from './ReplayGateway.ts';

/**
 * A subscription of a consumer queue whose `ReplayPolicy` has an `EndingPoint`: SNS delivers it
 * no new message, while the replay runs and, once it has completed, until a policy without an
 * end is set (`npm run replay` without `--no-resume` sets one).
 */
export interface HeldSubscription {
  readonly topic: SubscribedTopic;
  readonly subscriptionArn: string;
  /** The policy's `EndingPoint`, as set. */
  readonly endingPoint: string;
  /** Its `ReplayStatus`: `Completed` once paused; `Pending` or `In progress` while it replays. */
  readonly status: string | undefined;
}

const endingPointOf = (policy: string | undefined): string | undefined => {
  if (policy === undefined || policy.trim() === '') return undefined;
  try {
    const end = (JSON.parse(policy) as { EndingPoint?: unknown } | null)?.EndingPoint;
    return typeof end === 'string' ? end : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The subscriptions of `queue` to its topics that SNS holds new messages back from, because a
 * replay with an end was set on them; undefined when the queue does not exist. Changes nothing.
 *
 * @example
 * ```ts
 * const held = await heldSubscriptions(snsSqsReplayGateway(sns, sqs), findConsumerQueue('local', 'email'));
 * // [{ topic: { key: 'orderEvents', … }, endingPoint: '2026-12-07T10:00:00.000Z', status: 'Completed', … }]
 * ```
 */
export const heldSubscriptions = async (
  gateway: ReplayGateway,
  queue: ConsumerQueue,
): Promise<readonly HeldSubscription[] | undefined> => {
  const found = await gateway.queue(queue.name);
  if (found === undefined) return undefined;
  const held: HeldSubscription[] = [];
  for (const topic of queue.topics) {
    const subscriptions = (
      await gateway.subscriptions(topicArnBeside(found.arn, topic.name))
    ).filter(({ protocol, endpoint }) => protocol === 'sqs' && endpoint === found.arn);
    for (const { subscriptionArn } of subscriptions) {
      const { policy, status } = await gateway.replayState(subscriptionArn);
      const endingPoint = endingPointOf(policy);
      if (endingPoint !== undefined) held.push({ topic, subscriptionArn, endingPoint, status });
    }
  }
  return held;
};
