// SNS message archiving and replay for FIFO topics, through real SDK clients, in both storage
// modes of the local cloud: ArchivePolicy, BeginningArchiveTime, ReplayPolicy, ReplayStatus,
// the Replayed marker, filter policies, order per group, retention, and a restart (which neither
// delivers a repeat of a deduplication id taken before it nor numbers the topic's messages anew).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type LocalCloud,
  type LocalCloudOptions,
  type ReplayStatus,
  ReplayStatuses,
  startLocalCloud,
} from '../src/index.ts';
import { type LocalClients, localClients } from './support/localClients.ts';
import { type SteppedPacer, steppedPacer } from './support/steppedPacer.ts';
import { waitFor } from './support/waitFor.ts';

const anyPorts = { fauxqs: 0, dynamodb: 0, ses: 0 } as const;
const dayMs = 86_400_000;
const storages = ['memory', 'persistent'] as const;
type Storage = (typeof storages)[number];

let cloud: LocalCloud | undefined;
let clients: LocalClients | undefined;
let dataDir: string | undefined;
let names = 0;

afterEach(async () => {
  clients?.destroy();
  clients = undefined;
  await cloud?.stop();
  cloud = undefined;
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

/** The archive's clock: starts at a fixed time; a test moves it on. */
const testClock = () => {
  let now = Date.parse('2026-03-01T08:00:00.000Z');
  return {
    now: () => now,
    tick: (ms = 1_000): number => (now += ms),
  };
};

interface Started {
  readonly sns: LocalClients['sns'];
  readonly sqs: LocalClients['sqs'];
  readonly clock: ReturnType<typeof testClock>;
  readonly pacer: SteppedPacer;
}

const start = async (storage: Storage, clock = testClock()): Promise<Started> => {
  const pacer = steppedPacer();
  const storageOptions: LocalCloudOptions =
    storage === 'memory'
      ? { inMemory: true }
      : { dataDir: (dataDir ??= mkdtempSync(join(tmpdir(), 'sns-archive-'))) };
  cloud = await startLocalCloud({
    ...storageOptions,
    ports: anyPorts,
    snsArchive: { now: clock.now, pacer },
  });
  clients = localClients(cloud.endpoints);
  return { sns: clients.sns, sqs: clients.sqs, clock, pacer };
};

const archivedTopic = async (
  { sns }: Started,
  retentionDays = 7,
): Promise<{ topicArn: string }> => {
  names += 1;
  const { TopicArn = '' } = await sns.send(
    new CreateTopicCommand({
      Name: `archived-${names}.fifo`,
      Attributes: {
        FifoTopic: 'true',
        ArchivePolicy: JSON.stringify({ MessageRetentionPeriod: String(retentionDays) }),
      },
    }),
  );
  return { topicArn: TopicArn };
};

interface Subscribed {
  readonly queueUrl: string;
  readonly subscriptionArn: string;
}

const subscribedQueue = async (
  { sns, sqs }: Started,
  topicArn: string,
  options: { fifo?: boolean; raw?: boolean; attributes?: Record<string, string> } = {},
): Promise<Subscribed> => {
  names += 1;
  const fifo = options.fifo ?? true;
  const { QueueUrl: queueUrl = '' } = await sqs.send(
    new CreateQueueCommand({
      QueueName: fifo ? `replayed-${names}.fifo` : `replayed-${names}`,
      Attributes: fifo ? { FifoQueue: 'true' } : {},
    }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const { SubscriptionArn: subscriptionArn = '' } = await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: Attributes?.QueueArn ?? '',
      ReturnSubscriptionArn: true,
      Attributes: { RawMessageDelivery: String(options.raw ?? true), ...options.attributes },
    }),
  );
  return { queueUrl, subscriptionArn };
};

/** Publishes one message a second on the archive's clock; returns each one's publish time. */
const publish = async (
  { sns, clock }: Started,
  topicArn: string,
  messages: readonly { body: string; group?: string; eventType?: string }[],
): Promise<number[]> => {
  const times: number[] = [];
  for (const { body, group = 'group-1', eventType = 'thing.happened' } of messages) {
    times.push(clock.tick());
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: body,
        MessageGroupId: group,
        MessageDeduplicationId: `${topicArn}-${body}`,
        MessageAttributes: { eventType: { DataType: 'String', StringValue: eventType } },
      }),
    );
  }
  return times;
};

/** Everything the queue holds now, received and deleted, in the order received. */
const drain = async ({ sqs }: Started, queueUrl: string): Promise<Message[]> => {
  const received: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return received;
    for (const message of Messages) {
      received.push(message);
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    }
  }
};

const bodies = (messages: readonly Message[]): (string | undefined)[] =>
  messages.map((message) => message.Body);

const iso = (time: number): string => new Date(time).toISOString();

const replayPolicy = (from: number, to?: number): string =>
  JSON.stringify({
    PointType: 'Timestamp',
    StartingPoint: iso(from),
    ...(to === undefined ? {} : { EndingPoint: iso(to) }),
  });

const setReplayPolicy = async (
  { sns }: Started,
  subscriptionArn: string,
  policy: string,
): Promise<void> => {
  await sns.send(
    new SetSubscriptionAttributesCommand({
      SubscriptionArn: subscriptionArn,
      AttributeName: 'ReplayPolicy',
      AttributeValue: policy,
    }),
  );
};

const replayStatus = async (
  { sns }: Started,
  subscriptionArn: string,
): Promise<string | undefined> => {
  const { Attributes } = await sns.send(
    new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }),
  );
  return Attributes?.['ReplayStatus'];
};

const replayed = async (
  started: Started,
  subscriptionArn: string,
  policy: string,
): Promise<void> => {
  await setReplayPolicy(started, subscriptionArn, policy);
  await waitFor(
    async () => (await replayStatus(started, subscriptionArn)) === ReplayStatuses.Completed,
    `the replay to ${subscriptionArn} completes`,
  );
};

const topicAttributes = async (
  { sns }: Started,
  topicArn: string,
): Promise<Record<string, string>> =>
  (await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes ?? {};

describe.each(storages)('SNS archive and replay (%s)', (storage) => {
  it('reports the ArchivePolicy and a BeginningArchiveTime of when it was set', async () => {
    // Prepare
    const started = await start(storage);
    const createdAt = started.clock.now();

    // Act
    const { topicArn } = await archivedTopic(started, 30);
    started.clock.tick(5_000);
    const attributes = await topicAttributes(started, topicArn);

    // Assess
    expect(attributes['ArchivePolicy']).toBe('{"MessageRetentionPeriod":"30"}');
    expect(attributes['BeginningArchiveTime']).toBe(iso(createdAt));
  });

  it('replays a window to the chosen subscription only, marked Replayed, then pauses it', async () => {
    // Prepare
    const started = await start(storage);
    const { topicArn } = await archivedTopic(started);
    const chosen = await subscribedQueue(started, topicArn);
    const other = await subscribedQueue(started, topicArn);
    const times = await publish(started, topicArn, [
      { body: 'm1' },
      { body: 'm2' },
      { body: 'm3' },
      { body: 'm4' },
    ]);
    await drain(started, chosen.queueUrl);
    await drain(started, other.queueUrl);

    // Act
    await replayed(started, chosen.subscriptionArn, replayPolicy(times[1] ?? 0, times[2]));
    const replayedMessages = await drain(started, chosen.queueUrl);
    const [after] = await publish(started, topicArn, [{ body: 'm5' }]);
    const whilePaused = await drain(started, chosen.queueUrl);
    const otherGot = await drain(started, other.queueUrl);
    await replayed(started, chosen.subscriptionArn, replayPolicy(after ?? 0));
    const resumed = await drain(started, chosen.queueUrl);
    await publish(started, topicArn, [{ body: 'm6' }]);
    const live = await drain(started, chosen.queueUrl);

    // Assess
    expect(bodies(replayedMessages)).toEqual(['m2', 'm3']);
    expect(
      replayedMessages.map((message) => message.MessageAttributes?.['Replayed']?.StringValue),
    ).toEqual(['true', 'true']);
    expect(whilePaused).toEqual([]);
    expect(bodies(otherGot)).toEqual(['m5']);
    expect(bodies(resumed)).toEqual(['m5']);
    expect(bodies(live)).toEqual(['m6']);
    expect(live[0]?.MessageAttributes?.['Replayed']).toBeUndefined();
  });

  it('replays through the filter policy, in publish order within each message group', async () => {
    // Prepare
    const started = await start(storage);
    const { topicArn } = await archivedTopic(started);
    const from = started.clock.now();
    await publish(started, topicArn, [
      { body: 'a1', group: 'a', eventType: 'order.placed' },
      { body: 'b1', group: 'b', eventType: 'order.placed' },
      { body: 'a2', group: 'a', eventType: 'order.cancelled' },
      { body: 'a3', group: 'a', eventType: 'order.placed' },
      { body: 'b2', group: 'b', eventType: 'order.placed' },
      { body: 'a4', group: 'a', eventType: 'order.placed' },
    ]);
    const filtered = await subscribedQueue(started, topicArn, {
      attributes: { FilterPolicy: JSON.stringify({ eventType: ['order.placed'] }) },
    });

    // Act
    await replayed(started, filtered.subscriptionArn, replayPolicy(from));
    const received = await drain(started, filtered.queueUrl);

    // Assess
    const inGroup = (group: string): (string | undefined)[] =>
      received
        .filter((message) => message.Attributes?.['MessageGroupId'] === group)
        .map((message) => message.Body);
    expect(inGroup('a')).toEqual(['a1', 'a3', 'a4']);
    expect(inGroup('b')).toEqual(['b1', 'b2']);
    expect(received).toHaveLength(5);
  });

  it('keeps the original MessageId, Timestamp, body and attributes, and adds Replayed', async () => {
    // Prepare
    const started = await start(storage);
    const { topicArn } = await archivedTopic(started);
    const enveloped = await subscribedQueue(started, topicArn, { raw: false });
    const [publishedAt = 0] = await publish(started, topicArn, [{ body: '{"order":1}' }]);
    const [original] = await drain(started, enveloped.queueUrl);

    // Act
    started.clock.tick(60_000);
    await replayed(started, enveloped.subscriptionArn, replayPolicy(publishedAt));
    const [again] = await drain(started, enveloped.queueUrl);

    // Assess
    const before = JSON.parse(original?.Body ?? '{}') as Record<string, unknown>;
    const after = JSON.parse(again?.Body ?? '{}') as Record<string, unknown>;
    expect(after).toEqual({ ...before, Replayed: true });
    expect(before['Timestamp']).toBe(iso(publishedAt));
    expect(before['Replayed']).toBeUndefined();
    expect(after['MessageAttributes']).toEqual({
      eventType: { Type: 'String', Value: 'thing.happened' },
    });
  });

  it('reports ReplayStatus Pending, then In progress, then Completed', async () => {
    // Prepare
    const started = await start(storage);
    const { topicArn } = await archivedTopic(started);
    const from = started.clock.now();
    await publish(started, topicArn, [{ body: 'm1' }, { body: 'm2' }, { body: 'm3' }]);
    const target = await subscribedQueue(started, topicArn);
    const statuses: (string | undefined)[] = [await replayStatus(started, target.subscriptionArn)];
    started.pacer.holdStart();

    // Act
    await setReplayPolicy(started, target.subscriptionArn, replayPolicy(from));
    statuses.push(await replayStatus(started, target.subscriptionArn));
    started.pacer.release();
    started.pacer.holdDeliveriesFrom(1);
    const first: Message[] = [];
    await waitFor(async () => {
      first.push(...(await drain(started, target.queueUrl)));
      return first.length > 0;
    }, 'the first replayed message');
    statuses.push(await replayStatus(started, target.subscriptionArn));
    started.pacer.release();
    await waitFor(
      async () => (await replayStatus(started, target.subscriptionArn)) === 'Completed',
      'the replay completes',
    );
    statuses.push(await replayStatus(started, target.subscriptionArn));
    const rest = await drain(started, target.queueUrl);

    // Assess
    const expected: (ReplayStatus | undefined)[] = [
      undefined,
      'Pending',
      'In progress',
      'Completed',
    ];
    expect(statuses).toEqual(expected);
    expect(bodies([...first, ...rest])).toEqual(['m1', 'm2', 'm3']);
  });

  it('prunes messages past the retention and refuses a replay from before the archive', async () => {
    // Prepare
    const started = await start(storage);
    const { topicArn } = await archivedTopic(started, 1);
    const [old = 0] = await publish(started, topicArn, [{ body: 'old' }]);
    started.clock.tick(2 * dayMs);
    await publish(started, topicArn, [{ body: 'recent' }]);
    const target = await subscribedQueue(started, topicArn);

    // Act
    const beginning = (await topicAttributes(started, topicArn))['BeginningArchiveTime'] ?? '';
    const tooEarly = await setReplayPolicy(
      started,
      target.subscriptionArn,
      replayPolicy(old),
    ).catch((error: unknown) => error);
    await replayed(started, target.subscriptionArn, replayPolicy(Date.parse(beginning)));
    const received = await drain(started, target.queueUrl);

    // Assess
    expect(beginning).toBe(iso(started.clock.now() - dayMs));
    expect(tooEarly).toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('BeginningArchiveTime') as unknown,
    });
    expect(bodies(received)).toEqual(['recent']);
  });

  it('delivers a FIFO topic to a standard queue, live and replayed, without FIFO attributes', async () => {
    // Prepare
    const started = await start(storage);
    const { topicArn } = await archivedTopic(started);
    const standard = await subscribedQueue(started, topicArn, { fifo: false });
    const [publishedAt = 0] = await publish(started, topicArn, [{ body: 'to-standard' }]);

    // Act
    const live = await drain(started, standard.queueUrl);
    await replayed(started, standard.subscriptionArn, replayPolicy(publishedAt));
    const again = await drain(started, standard.queueUrl);

    // Assess
    expect(bodies(live)).toEqual(['to-standard']);
    expect(bodies(again)).toEqual(['to-standard']);
    for (const message of [...live, ...again]) {
      expect(message.Attributes?.['MessageGroupId']).toBeUndefined();
      expect(message.Attributes?.['MessageDeduplicationId']).toBeUndefined();
    }
  });

  it('refuses what SNS refuses: archives on standard topics, bad policies, deleting an archive', async () => {
    // Prepare
    const started = await start(storage);
    const { sns } = started;
    const { topicArn } = await archivedTopic(started);
    const { TopicArn: plainFifo = '' } = await sns.send(
      new CreateTopicCommand({ Name: `plain-${names}.fifo`, Attributes: { FifoTopic: 'true' } }),
    );
    const unarchived = await subscribedQueue(started, plainFifo);
    const failure = (promise: Promise<unknown>): Promise<unknown> =>
      promise.then(
        () => 'accepted',
        (error: unknown) => (error instanceof Error ? error.name : String(error)),
      );

    // Act
    const outcomes = {
      standardTopic: await failure(
        sns.send(
          new CreateTopicCommand({
            Name: `standard-${names}`,
            Attributes: { ArchivePolicy: '{"MessageRetentionPeriod":"7"}' },
          }),
        ),
      ),
      tooLong: await failure(
        sns.send(
          new SetTopicAttributesCommand({
            TopicArn: topicArn,
            AttributeName: 'ArchivePolicy',
            AttributeValue: '{"MessageRetentionPeriod":"366"}',
          }),
        ),
      ),
      noArchive: await failure(
        setReplayPolicy(started, unarchived.subscriptionArn, replayPolicy(started.clock.now())),
      ),
      future: await failure(
        setReplayPolicy(
          started,
          (await subscribedQueue(started, topicArn)).subscriptionArn,
          replayPolicy(started.clock.now() + 60_000),
        ),
      ),
      deleteArchived: await failure(sns.send(new DeleteTopicCommand({ TopicArn: topicArn }))),
      turnOff: await failure(
        sns.send(
          new SetTopicAttributesCommand({
            TopicArn: topicArn,
            AttributeName: 'ArchivePolicy',
            AttributeValue: '{}',
          }),
        ),
      ),
      deleteAfterTurnOff: await failure(sns.send(new DeleteTopicCommand({ TopicArn: topicArn }))),
    };

    // Assess
    expect(outcomes).toEqual({
      standardTopic: 'InvalidParameterException',
      tooLong: 'InvalidParameterException',
      noArchive: 'InvalidParameterException',
      future: 'InvalidParameterException',
      deleteArchived: 'InvalidStateException',
      turnOff: 'accepted',
      deleteAfterTurnOff: 'accepted',
    });
  });
});

describe('SNS archive across a restart (persistent)', () => {
  it('keeps the archive, and resumes a replay the stop interrupted', async () => {
    // Prepare
    const clock = testClock();
    const first = await start('persistent', clock);
    const { topicArn } = await archivedTopic(first);
    const from = clock.now();
    await publish(first, topicArn, [{ body: 'm1' }, { body: 'm2' }, { body: 'm3' }]);
    const target = await subscribedQueue(first, topicArn);
    await drain(first, target.queueUrl);
    first.pacer.holdDeliveriesFrom(1);
    await setReplayPolicy(first, target.subscriptionArn, replayPolicy(from));
    const beforeStop: Message[] = [];
    await waitFor(async () => {
      beforeStop.push(...(await drain(first, target.queueUrl)));
      return beforeStop.length > 0;
    }, 'the first replayed message');
    clients?.destroy();
    await cloud?.stop();
    first.pacer.release();

    // Act
    const second = await start('persistent', clock);
    await waitFor(
      async () => (await replayStatus(second, target.subscriptionArn)) === 'Completed',
      'the resumed replay completes',
    );
    const afterRestart = await drain(second, target.queueUrl);
    const newSubscriber = await subscribedQueue(second, topicArn);
    await replayed(second, newSubscriber.subscriptionArn, replayPolicy(from));
    const fromArchive = await drain(second, newSubscriber.queueUrl);

    // Assess
    expect(bodies(beforeStop)).toEqual(['m1']);
    expect(bodies(afterRestart)).toEqual(['m2', 'm3']);
    expect(bodies(fromArchive)).toEqual(['m1', 'm2', 'm3']);
  });

  it('answers a repeat of a publish from before the restart with its ids, delivers it nowhere, and numbers on', async () => {
    // Prepare
    const clock = testClock();
    const first = await start('persistent', clock);
    const { topicArn } = await archivedTopic(first);
    const standard = await subscribedQueue(first, topicArn, { fifo: false });
    const publishOnce = (started: Started, body: string, deduplicationId: string) =>
      started.sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: body,
          MessageGroupId: 'group-1',
          MessageDeduplicationId: deduplicationId,
        }),
      );
    const before = await publishOnce(first, 'm1', 'evt-1');
    clients?.destroy();
    await cloud?.stop();

    // Act
    const second = await start('persistent', clock);
    clock.tick(4 * 60_000);
    const repeat = await publishOnce(second, 'm1 again', 'evt-1');
    const next = await publishOnce(second, 'm2', 'evt-2');
    clock.tick(60_000 + 1);
    const pastTheWindow = await publishOnce(second, 'm1 later', 'evt-1');
    const delivered = await drain(second, standard.queueUrl);

    // Assess
    expect(repeat.MessageId).toBe(before.MessageId);
    expect(repeat.SequenceNumber).toBe(before.SequenceNumber);
    expect(BigInt(next.SequenceNumber ?? 0)).toBe(BigInt(before.SequenceNumber ?? 0) + 1n);
    expect(pastTheWindow.MessageId).not.toBe(before.MessageId);
    expect(bodies(delivered).sort()).toEqual(['m1', 'm1 later', 'm2']);
  });
});
