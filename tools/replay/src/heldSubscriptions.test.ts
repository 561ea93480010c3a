import { describe, expect, it } from 'vitest';
import { findConsumerQueue } from './findConsumerQueue.ts';
import { heldSubscriptions } from './heldSubscriptions.ts';
import { inMemoryReplayGateway } from './inMemoryReplayGateway.ts';
import { queueArn, queueUrl, subscriptionArn, topicArn } from './testing/devInventoryOrders.ts';

const queue = findConsumerQueue('dev', 'inventory-orders');

/** inventory-orders of stage dev, subscribed to order-events (another queue subscribed too). */
const deployed = () => {
  const sns = inMemoryReplayGateway();
  sns.state.queues.set(queue.name, { url: queueUrl, arn: queueArn });
  sns.state.subscriptions.set(topicArn, [
    { subscriptionArn: `${topicArn}:0000`, protocol: 'sqs', endpoint: `${queueArn}-other` },
    { subscriptionArn, protocol: 'sqs', endpoint: queueArn },
  ]);
  return sns;
};

describe('heldSubscriptions', () => {
  it('names a subscription whose replay had an end, with its status, once completed or still running', async () => {
    // Prepare
    const sns = deployed();
    const policy =
      '{"PointType":"Timestamp","StartingPoint":"2026-12-07T09:00:00.000Z","EndingPoint":"2026-12-07T10:00:00.000Z"}';
    await sns.gateway.setReplayPolicy(`${topicArn}:0000`, policy);
    await sns.gateway.setReplayPolicy(subscriptionArn, policy);
    sns.state.statusScripts.set(subscriptionArn, ['Completed']);
    await sns.gateway.replayStatus(subscriptionArn);

    // Act
    const completed = await heldSubscriptions(sns.gateway, queue);
    sns.state.statusScripts.set(subscriptionArn, ['In progress']);
    const running = await heldSubscriptions(sns.gateway, queue);

    // Assess
    const held = {
      topic: { key: 'orderEvents', name: 'conveyor-dev-order-events.fifo' },
      subscriptionArn,
      endingPoint: '2026-12-07T10:00:00.000Z',
    };
    expect(completed).toEqual([{ ...held, status: 'Completed' }]);
    expect(running).toEqual([{ ...held, status: 'In progress' }]);
  });

  it('names none for a subscription with no policy, or one resumed without an end', async () => {
    // Prepare
    const sns = deployed();
    const before = await heldSubscriptions(sns.gateway, queue);
    await sns.gateway.setReplayPolicy(
      subscriptionArn,
      '{"PointType":"Timestamp","StartingPoint":"2026-12-07T09:00:00.000Z"}',
    );

    // Act
    const resumed = await heldSubscriptions(sns.gateway, queue);

    // Assess
    expect([before, resumed]).toEqual([[], []]);
  });

  it('answers undefined for a queue that does not exist, reading no topic', async () => {
    // Prepare
    const sns = inMemoryReplayGateway();

    // Act
    const held = await heldSubscriptions(sns.gateway, queue);

    // Assess
    expect(held).toBeUndefined();
    expect(sns.state.calls).toEqual([`queue ${queue.name}`]);
  });
});
