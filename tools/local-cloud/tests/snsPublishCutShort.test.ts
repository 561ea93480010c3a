// A publish cut short during its fan-out (the local cloud killed after some subscriptions got it,
// here a delivery that throws where the process would have died) answers its publisher with an
// error, so the publisher sends it again. SNS never leaves a publish delivered to some of its
// subscriptions only, so that retry must reach the rest: it must not be taken for a repeat of a
// deduplication id already seen, neither from memory (the same process) nor from the topic's
// archive (after a restart), which records a publish only once every subscription has it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { localRegion } from '../src/index.ts';
import { ArchiveStore } from '../src/snsArchive/ArchiveStore.ts';
import { SnsArchive } from '../src/snsArchive/SnsArchive.ts';
import { type FauxqsHandle, startFauxqsOnLoopback } from '../src/startFauxqsOnLoopback.ts';

let dataDir: string | undefined;
let running: { fauxqs: FauxqsHandle; archive: SnsArchive } | undefined;
const clients: { destroy: () => void }[] = [];

const stop = async (): Promise<void> => {
  if (running === undefined) return;
  await running.archive.stop();
  await running.fauxqs.stop();
  await running.archive.close();
  running = undefined;
};

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await stop();
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

/** What the test's delivery filter does to the next delivery to `second.fifo`. */
const faults = { failNextToSecond: false };

/** fauxqs with its persistence and the topic archive in `dataDir`, as the local cloud runs it. */
const start = async () => {
  dataDir ??= mkdtempSync(join(tmpdir(), 'sns-cut-short-'));
  const archive = new SnsArchive({ store: ArchiveStore.open(join(dataDir, 'archive.db')) });
  const fauxqs = await startFauxqsOnLoopback(
    0,
    join(dataDir, 'fauxqs'),
    (delivery) => {
      if (faults.failNextToSecond && delivery.queueArn.endsWith(':second.fifo')) {
        faults.failNextToSecond = false;
        return Promise.reject(new Error('the process died here'));
      }
      return Promise.resolve(true);
    },
    archive,
  );
  running = { fauxqs, archive };
  const common = {
    region: localRegion,
    endpoint: `http://127.0.0.1:${String(fauxqs.port)}`,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // One attempt: the test's publisher retries by itself, as a service does.
    maxAttempts: 1,
  };
  const sns = new SNSClient(common);
  const sqs = new SQSClient(common);
  clients.push(sns, sqs);
  return { sns, sqs };
};

type Clients = Awaited<ReturnType<typeof start>>;

/** An archived FIFO topic with two raw FIFO queues subscribed: `first.fifo`, then `second.fifo`. */
const topicWithTwoQueues = async ({ sns, sqs }: Clients) => {
  const { TopicArn: topicArn = '' } = await sns.send(
    new CreateTopicCommand({
      Name: 'cut-short.fifo',
      Attributes: {
        FifoTopic: 'true',
        ArchivePolicy: JSON.stringify({ MessageRetentionPeriod: '7' }),
      },
    }),
  );
  const queueUrls: string[] = [];
  for (const name of ['first.fifo', 'second.fifo']) {
    const { QueueUrl = '' } = await sqs.send(
      new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true' } }),
    );
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: Attributes?.['QueueArn'] ?? '',
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    queueUrls.push(QueueUrl);
  }
  return { topicArn, queueUrls };
};

const publish = ({ sns }: Clients, topicArn: string) =>
  sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Message: 'shipment.created',
      MessageGroupId: 'order-1',
      MessageDeduplicationId: 'event-1',
    }),
  );

/** The bodies a queue holds now (each left invisible, so none is counted twice). */
const bodiesIn = async ({ sqs }: Clients, queueUrl: string): Promise<string[]> => {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 300,
    }),
  );
  return Messages.map((message) => message.Body ?? '');
};

describe('a FIFO publish cut short during its fan-out', () => {
  it('reaches every subscription when its publisher retries it after a restart', async () => {
    // Prepare
    const first = await start();
    const { topicArn, queueUrls } = await topicWithTwoQueues(first);
    faults.failNextToSecond = true;
    const cutShort = await publish(first, topicArn).then(
      () => 'answered',
      () => 'failed',
    );
    await stop();

    // Act
    const second = await start();
    await publish(second, topicArn);

    // Assess: the first queue may hold a second copy (fauxqs keeps a FIFO queue's deduplication
    // ids in memory only); its consumer answers it as the duplicate it is.
    expect(cutShort).toBe('failed');
    expect(new Set(await bodiesIn(second, queueUrls[0] ?? ''))).toEqual(
      new Set(['shipment.created']),
    );
    expect(await bodiesIn(second, queueUrls[1] ?? '')).toEqual(['shipment.created']);
  });

  it('reaches every subscription when its publisher retries it at once', async () => {
    // Prepare
    const cloud = await start();
    const { topicArn, queueUrls } = await topicWithTwoQueues(cloud);
    faults.failNextToSecond = true;
    const cutShort = await publish(cloud, topicArn).then(
      () => 'answered',
      () => 'failed',
    );

    // Act
    await publish(cloud, topicArn);
    const repeat = await publish(cloud, topicArn);

    // Assess: once delivered, a repeat is dropped again.
    expect(cutShort).toBe('failed');
    expect(repeat.MessageId).toBeDefined();
    expect(await bodiesIn(cloud, queueUrls[0] ?? '')).toEqual(['shipment.created']);
    expect(await bodiesIn(cloud, queueUrls[1] ?? '')).toEqual(['shipment.created']);
  });
});
