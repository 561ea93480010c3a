import { describe, expect, it } from 'vitest';
import { findConsumerQueue } from './findConsumerQueue.ts';
import { inMemoryReplayGateway } from './inMemoryReplayGateway.ts';
import { type PlannedReplay, type ReplayPlan, replayPolicy } from './planReplay.ts';
import { type Clock, type ReplayProgress, runReplay } from './runReplay.ts';

const start = Date.parse('2026-11-22T12:00:00.000Z');
const queueUrl = 'https://sqs.example/conveyor-dev-email-notifications.fifo';

/** A clock whose sleeps pass at once, moving it on. */
const fakeClock = (): Clock & { slept: number[] } => {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
};

const planned = (topic: 'orderEvents' | 'shippingEvents', endingPoint?: number): PlannedReplay => {
  const name = `conveyor-dev-${topic === 'orderEvents' ? 'order' : 'shipping'}-events.fifo`;
  const startingPoint = start - 3_600_000;
  return {
    topic: { key: topic, name },
    topicArn: `arn:aws:sns:eu-west-1:1:${name}`,
    subscriptionArn: `arn:aws:sns:eu-west-1:1:${name}:sub`,
    beginningArchiveTime: start - 86_400_000,
    retentionDays: 7,
    startingPoint,
    endingPoint,
    policy: replayPolicy(startingPoint, endingPoint),
  };
};

const planOf = (...replays: PlannedReplay[]): ReplayPlan => ({
  queue: findConsumerQueue('dev', 'email-notifications'),
  queueUrl,
  queueArn: 'arn:aws:sqs:eu-west-1:1:conveyor-dev-email-notifications.fifo',
  replays,
});

describe('runReplay', () => {
  it('sets each ReplayPolicy and follows every ReplayStatus until Completed', async () => {
    // Prepare
    const sns = inMemoryReplayGateway();
    const order = planned('orderEvents');
    const shipping = planned('shippingEvents');
    sns.state.statusScripts.set(shipping.subscriptionArn, [
      'Pending',
      'Pending',
      'In progress',
      'Completed',
    ]);
    sns.state.depths.set(queueUrl, { visible: 12, inFlight: 3 });
    const progress: ReplayProgress[] = [];
    const clock = fakeClock();

    // Act
    const result = await runReplay({
      plan: planOf(order, shipping),
      gateway: sns.gateway,
      clock,
      pollIntervalMs: 2_000,
      resume: true,
      onProgress: (snapshot) => progress.push(snapshot),
    });

    // Assess
    expect(sns.state.policies.get(order.subscriptionArn)).toEqual([order.policy]);
    expect(sns.state.policies.get(shipping.subscriptionArn)).toEqual([shipping.policy]);
    expect(progress.map(({ subscriptions }) => subscriptions.map(({ status }) => status))).toEqual([
      ['Pending', 'Pending'],
      ['In progress', 'Pending'],
      ['Completed', 'In progress'],
      ['Completed', 'Completed'],
    ]);
    expect(progress.at(-1)).toMatchObject({ phase: 'replaying', elapsedMs: 6_000 });
    expect(clock.slept).toEqual([2_000, 2_000, 2_000]);
    expect(result).toMatchObject({
      completed: true,
      resumedWith: undefined,
      startedAt: start,
      finishedAt: start + 6_000,
      depth: { visible: 12, inFlight: 3 },
    });
  });

  it('resumes a subscription paused by a replay with an end, from a minute before the run', async () => {
    // Prepare
    const sns = inMemoryReplayGateway();
    const order = planned('orderEvents', start - 60_000);

    // Act
    const result = await runReplay({
      plan: planOf(order),
      gateway: sns.gateway,
      clock: fakeClock(),
      pollIntervalMs: 200,
      resume: true,
    });

    // Assess
    const resumedWith = replayPolicy(start - 60_000);
    expect(sns.state.policies.get(order.subscriptionArn)).toEqual([order.policy, resumedWith]);
    expect(result.resumedWith).toBe(resumedWith);
    expect(result.completed).toBe(true);
  });

  it('leaves it paused with resume off, and does not resume after a failure', async () => {
    // Prepare
    const paused = inMemoryReplayGateway();
    const failed = inMemoryReplayGateway();
    const order = planned('orderEvents', start - 60_000);
    failed.state.statusScripts.set(order.subscriptionArn, ['Pending', 'Failed']);

    // Act
    const noResume = await runReplay({
      plan: planOf(order),
      gateway: paused.gateway,
      clock: fakeClock(),
      pollIntervalMs: 200,
      resume: false,
    });
    const failure = await runReplay({
      plan: planOf(order),
      gateway: failed.gateway,
      clock: fakeClock(),
      pollIntervalMs: 200,
      resume: true,
    });

    // Assess
    expect(paused.state.policies.get(order.subscriptionArn)).toEqual([order.policy]);
    expect(noResume).toMatchObject({ completed: true, resumedWith: undefined });
    expect(failed.state.policies.get(order.subscriptionArn)).toEqual([order.policy]);
    expect(failure.completed).toBe(false);
    expect(failure.subscriptions.map(({ status }) => status)).toEqual(['Failed']);
  });

  it('trusts a Completed seen at once only after three polls in a row (it may be the last replay)', async () => {
    // Prepare
    const sns = inMemoryReplayGateway();
    const order = planned('orderEvents');
    sns.state.statusScripts.set(order.subscriptionArn, ['Completed']);
    const clock = fakeClock();

    // Act
    await runReplay({
      plan: planOf(order),
      gateway: sns.gateway,
      clock,
      pollIntervalMs: 200,
      resume: true,
    });

    // Assess
    expect(sns.state.calls.filter((call) => call.startsWith('replayStatus'))).toHaveLength(3);
    expect(clock.slept).toEqual([200, 200]);
  });
});
