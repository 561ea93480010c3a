import { describe, expect, it } from 'vitest';
import { ReplayError, WindowRefusedError } from './errors.ts';
import { findConsumerQueue } from './findConsumerQueue.ts';
import { inMemoryReplayGateway } from './inMemoryReplayGateway.ts';
import { queueArn, queueUrl, subscriptionArn, topicArn } from './testing/devInventoryOrders.ts';
import type { ReplayWindow } from './planReplay.ts';
import { planReplay } from './planReplay.ts';

const now = Date.parse('2026-11-22T12:00:00.000Z');
const hour = 3_600_000;
const day = 24 * hour;
const iso = (time: number): string => new Date(time).toISOString();

/** inventory-orders of stage dev, subscribed to order-events, archived since two days. */
const deployed = (archivePolicy = '{"MessageRetentionPeriod":"7"}') => {
  const sns = inMemoryReplayGateway();
  sns.state.queues.set('conveyor-dev-inventory-orders.fifo', { url: queueUrl, arn: queueArn });
  sns.state.topics.set(topicArn, {
    ArchivePolicy: archivePolicy,
    BeginningArchiveTime: iso(now - 2 * day),
  });
  sns.state.subscriptions.set(topicArn, [
    { subscriptionArn: `${topicArn}:0000`, protocol: 'sqs', endpoint: `${queueArn}-other` },
    { subscriptionArn, protocol: 'sqs', endpoint: queueArn },
  ]);
  return sns;
};

const plan = (sns: ReturnType<typeof deployed>, window: ReplayWindow) =>
  planReplay({
    queue: findConsumerQueue('dev', 'inventory-orders'),
    window,
    gateway: sns.gateway,
    now,
    where: 'stage "dev" in AWS',
  });

describe('planReplay', () => {
  it("finds the queue's subscription to each topic and writes its ReplayPolicy", async () => {
    // Prepare
    const sns = deployed();

    // Act
    const planned = await plan(sns, {
      from: { kind: 'at', time: now - hour },
      to: { kind: 'at', time: now - 1_000 },
    });

    // Assess
    expect(planned.queueUrl).toBe(queueUrl);
    expect(planned.replays).toEqual([
      expect.objectContaining({
        topicArn,
        subscriptionArn,
        retentionDays: 7,
        beginningArchiveTime: now - 2 * day,
        policy: JSON.stringify({
          PointType: 'Timestamp',
          StartingPoint: iso(now - hour),
          EndingPoint: iso(now - 1_000),
        }),
      }),
    ]);
    expect(sns.state.calls.some((call) => call.startsWith('setReplayPolicy'))).toBe(false);
  });

  it("starts a replay from start at the topic's BeginningArchiveTime, or the retention's", async () => {
    // Prepare
    const young = deployed();
    const old = deployed('{"MessageRetentionPeriod":1}');

    // Act
    const fromYoung = await plan(young, { from: { kind: 'archiveStart' }, to: undefined });
    const fromOld = await plan(old, { from: { kind: 'archiveStart' }, to: undefined });

    // Assess
    expect(fromYoung.replays[0]?.policy).toBe(
      JSON.stringify({ PointType: 'Timestamp', StartingPoint: iso(now - 2 * day) }),
    );
    expect(fromOld.replays[0]?.startingPoint).toBe(now - day);
  });

  it.each([
    [
      'before the archive begins',
      { from: { kind: 'at', time: now - 3 * day }, to: undefined },
      /--from 2026-11-19T12:00:00\.000Z is before the archive of conveyor-dev-order-events\.fifo begins at 2026-11-20T12:00:00\.000Z \(BeginningArchiveTime; its ArchivePolicy keeps 7 days\)\. Use --from start/,
    ],
    [
      'from in the future',
      { from: { kind: 'at', time: now + 1_000 }, to: undefined },
      /--from 2026-11-22T12:00:01\.000Z is in the future/,
    ],
    [
      'to in the future',
      { from: { kind: 'at', time: now - hour }, to: { kind: 'at', time: now + hour } },
      /--to 2026-11-22T13:00:00\.000Z is in the future/,
    ],
    [
      'to before from',
      { from: { kind: 'at', time: now - hour }, to: { kind: 'at', time: now - 2 * hour } },
      /--to 2026-11-22T10:00:00\.000Z is before --from 2026-11-22T11:00:00\.000Z/,
    ],
    [
      'to before the archive begins',
      { from: { kind: 'archiveStart' }, to: { kind: 'at', time: now - 3 * day } },
      /--to 2026-11-19T12:00:00\.000Z is before the archive of/,
    ],
  ] as const)('refuses a window %s', async (_case, window, message) => {
    // Prepare
    const sns = deployed();

    // Act
    const planned = plan(sns, window);

    // Assess
    await expect(planned).rejects.toThrow(WindowRefusedError);
    await expect(planned).rejects.toThrow(message);
  });

  it('refuses a topic without an archive, and says what is missing when nothing is deployed', async () => {
    // Prepare
    const unarchived = deployed('{}');
    const noSubscription = deployed();
    noSubscription.state.subscriptions.set(topicArn, []);
    const nothing = inMemoryReplayGateway();
    const window = { from: { kind: 'archiveStart' }, to: undefined } as const;

    // Act
    const withoutArchive = plan(unarchived, window);
    const withoutSubscription = plan(noSubscription, window);
    const withoutQueue = plan(nothing, window);

    // Assess
    await expect(withoutArchive).rejects.toThrow(
      'Topic conveyor-dev-order-events.fifo has no ArchivePolicy in stage "dev" in AWS',
    );
    await expect(withoutSubscription).rejects.toThrow(
      'conveyor-dev-inventory-orders.fifo has no subscription to conveyor-dev-order-events.fifo',
    );
    await expect(withoutQueue).rejects.toThrow(ReplayError);
    await expect(withoutQueue).rejects.toThrow(
      'Queue conveyor-dev-inventory-orders.fifo does not exist in stage "dev" in AWS',
    );
  });
});
