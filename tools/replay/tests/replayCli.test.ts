// `npm run replay` as operators run it (`node src/main.ts`), against a real local cloud with
// IAM enforced: topics with archive policies, consumer queues subscribed as the topology plugin
// subscribes them, in both storage modes.
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import { testCloudStorages } from '@conveyor/service-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConsumerQueue,
  drain,
  publishEvent,
  type ReplayTestCloud,
  replayPolicies,
  runReplay,
  startReplayTestCloud,
  type TestQueue,
} from './support/replayTestCloud.ts';

// Publish times are milliseconds; a pause this long keeps the window's edges apart.
const gap = async (): Promise<string> => {
  await sleep(20);
  const time = new Date().toISOString();
  await sleep(20);
  return time;
};

const bodies = (messages: readonly Message[]): (string | undefined)[] =>
  messages.map((message) => message.Body);

describe.each(testCloudStorages)('npm run replay (%s local cloud)', (storage) => {
  let test: ReplayTestCloud;
  let orders: TestQueue;
  let notifications: TestQueue;

  beforeAll(async () => {
    test = await startReplayTestCloud({ storage });
    orders = await createConsumerQueue(test, 'inventoryOrders', { orderEvents: ['order.placed'] });
    notifications = await createConsumerQueue(test, 'emailNotifications', {
      orderEvents: ['order.placed'],
      inventoryEvents: ['inventory.reservation-failed'],
      shippingEvents: ['shipment.created'],
      customerEvents: ['customer.registered'],
    });
  });

  afterAll(async () => {
    await test.stop();
  });

  it("replays a queue's subscriptions from the archive start and reports it", async () => {
    // Prepare
    const order = randomUUID();
    const placed = [
      await publishEvent(test, 'orderEvents', 'order.placed', order),
      await publishEvent(test, 'orderEvents', 'order.placed', order),
    ];
    await drain(test, orders.url);
    await drain(test, notifications.url);

    // Act
    const run = await runReplay(['inventory-orders', '--from', 'start'], test.env);
    const replayed = await drain(test, orders.url);
    const notified = await drain(test, notifications.url);

    // Assess
    expect(run.code).toBe(0);
    expect(bodies(replayed).slice(-2)).toEqual(placed);
    expect(replayed.every((message) => message.MessageAttributes?.['Replayed'])).toBe(true);
    expect(notified).toEqual([]);
    expect(run.stdout).toContain('Replayed conveyor-local-inventory-orders.fifo (inventory)');
    expect(run.stdout).toMatch(/:conveyor-local-order-events\.fifo:\S+\s+Completed/);
    expect(run.stderr).toContain(
      'aws sns set-subscription-attributes --subscription-arn arn:aws:sns:us-east-1:000000000000:conveyor-local-order-events.fifo:',
    );
    expect(run.stderr).toContain('aws sns list-subscriptions-by-topic --topic-arn');
    expect(run.stderr).toMatch(/replaying conveyor-local-order-events\.fifo: Completed/);
  });

  it('replays a window of every topic of a queue, then resumes its subscriptions', async () => {
    // Prepare
    const order = randomUUID();
    await publishEvent(test, 'orderEvents', 'order.placed', order);
    const from = await gap();
    const inWindow = [
      await publishEvent(test, 'orderEvents', 'order.placed', order),
      await publishEvent(test, 'shippingEvents', 'shipment.created', order),
    ];
    const to = await gap();
    await publishEvent(test, 'shippingEvents', 'shipment.created', order);
    await drain(test, notifications.url);

    // Act
    const run = await runReplay(
      ['email-notifications', '--from', from, '--to', to, '--json'],
      test.env,
    );
    const received = await drain(test, notifications.url);
    const after = await publishEvent(test, 'customerEvents', 'customer.registered', order);
    const live = await drain(test, notifications.url);

    // Assess
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      completed: boolean;
      subscriptions: { topic: string; status: string; replayPolicy: string }[];
      resumedWith: string | null;
    };
    expect(report.completed).toBe(true);
    expect(report.subscriptions.map(({ topic }) => topic).sort()).toEqual([
      'conveyor-local-customer-events.fifo',
      'conveyor-local-inventory-events.fifo',
      'conveyor-local-order-events.fifo',
      'conveyor-local-shipping-events.fifo',
    ]);
    expect(report.subscriptions.every(({ status }) => status === 'Completed')).toBe(true);
    expect(JSON.parse(report.subscriptions[0]?.replayPolicy ?? '{}')).toEqual({
      PointType: 'Timestamp',
      StartingPoint: from,
      EndingPoint: to,
    });
    expect(report.resumedWith).not.toBeNull();
    // The window, and what the resume delivers again (the last minute, some of it twice).
    expect(bodies(received)).toEqual(expect.arrayContaining(inWindow));
    expect(bodies(live)).toEqual([after]);
    expect(await replayPolicies(test, notifications)).toEqual(
      Array.from({ length: 4 }, () => report.resumedWith),
    );
  });

  it('refuses a window outside the archive, with a reason, and changes nothing', async () => {
    // Prepare
    const before = await replayPolicies(test, orders);

    // Act
    const tooEarly = await runReplay(
      ['inventory-orders', '--from', '2020-01-01T00:00:00Z'],
      test.env,
    );
    const future = await runReplay(['inventory-orders', '--from', '2099-01-01'], test.env);
    const reversed = await runReplay(['inventory-orders', '--from', '1m', '--to', '2m'], test.env);
    const noZone = await runReplay(['inventory-orders', '--from', '2026-01-01T10:00'], test.env);

    // Assess
    expect([tooEarly.code, future.code, reversed.code, noZone.code]).toEqual([2, 2, 2, 2]);
    expect(tooEarly.stderr).toMatch(
      /--from 2020-01-01T00:00:00\.000Z is before the archive of conveyor-local-order-events\.fifo begins at \S+ \(BeginningArchiveTime; its ArchivePolicy keeps 7 days\)/,
    );
    expect(future.stderr).toContain('is in the future');
    expect(reversed.stderr).toMatch(/--to \S+ is before --from/);
    expect(noZone.stderr).toContain('has no time zone');
    expect(await replayPolicies(test, orders)).toEqual(before);
  });

  it('prints the calls of a dry run and makes none of the changes', async () => {
    // Prepare
    const before = await replayPolicies(test, orders);

    // Act
    const run = await runReplay(['inventoryOrders', '--from', 'start', '--dry-run'], test.env);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Would replay conveyor-local-inventory-orders.fifo');
    expect(run.stdout).toMatch(
      /aws sns set-subscription-attributes --subscription-arn \S+ --attribute-name ReplayPolicy --attribute-value '\{"PointType":"Timestamp","StartingPoint":"[^"]+"\}'/,
    );
    expect(await replayPolicies(test, orders)).toEqual(before);
  });
});

describe('npm run replay without a local cloud', () => {
  it('says how to start one, and names the known queues for a typo', async () => {
    // Prepare
    const stoppedCloud = { CONVEYOR_LOCAL_PORTS: 'fauxqs=1,dynamodb=2,ses=3' };

    // Act
    const stopped = await runReplay(['inventory-orders', '--from', 'start'], stoppedCloud);
    const typo = await runReplay(['inventory-order', '--from', 'start'], {});
    const reversed = await runReplay(
      ['inventory-orders', '--from', '1h', '--to', '2h'],
      stoppedCloud,
    );
    const future = await runReplay(
      ['inventory-orders', '--from', '2999-01-01T00:00:00Z'],
      stoppedCloud,
    );

    // Assess
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('The local cloud is not running on 127.0.0.1:1');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      'Unknown queue "inventory-order". Known queues: inventory-orders',
    );
    // A window wrong in itself is refused before connecting: no word of the stopped cloud.
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toMatch(/^replay: --to \S+ is before --from \S+\.\n$/);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/^replay: --from 2999-01-01T00:00:00\.000Z is in the future/);
  });
});
