// An SNS FIFO topic accepts a repeat of a deduplication id it took in the last 5 minutes and
// delivers it to no subscription, a standard queue's included (fauxqs patched to match AWS: it
// left the repeat to each FIFO queue's own deduplication, so standard queues got it twice).
// Absence is shown without waiting out a clock: deliveries are enqueued in publish order, so once
// a later message has arrived, a repeat delivered before it would be there too.
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import {
  CreateTopicCommand,
  PublishBatchCommand,
  PublishCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { inMemoryCloud } from './support/inMemoryCloud.ts';
import { waitFor } from './support/waitFor.ts';

const local = inMemoryCloud();
let names = 0;

const fifoTopic = async (attributes: Record<string, string> = {}): Promise<string> => {
  names += 1;
  const { TopicArn = '' } = await local.clients.sns.send(
    new CreateTopicCommand({
      Name: `deduplicated-${String(names)}.fifo`,
      Attributes: { FifoTopic: 'true', ...attributes },
    }),
  );
  return TopicArn;
};

/** A queue subscribed to the topic with raw delivery: a standard one unless `fifo`. */
const subscribedQueue = async (topicArn: string, fifo = false): Promise<string> => {
  names += 1;
  const { QueueUrl = '' } = await local.clients.sqs.send(
    new CreateQueueCommand({
      QueueName: fifo ? `deduplicated-${String(names)}.fifo` : `deduplicated-${String(names)}`,
      Attributes: fifo ? { FifoQueue: 'true' } : {},
    }),
  );
  const { Attributes } = await local.clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await local.clients.sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: Attributes?.QueueArn ?? '',
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  return QueueUrl;
};

const publish = (topicArn: string, body: string, deduplicationId: string, group = 'g1') =>
  local.clients.sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Message: body,
      MessageGroupId: group,
      MessageDeduplicationId: deduplicationId,
    }),
  );

/** Every body the queue holds, read until `last` is among them. */
const bodiesUntil = async (queueUrl: string, last: string): Promise<string[]> => {
  const bodies: string[] = [];
  await waitFor(async () => {
    const { Messages = [] } = await local.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 300,
      }),
    );
    bodies.push(...Messages.map((message: Message) => message.Body ?? ''));
    return bodies.includes(last);
  }, `${last} in ${queueUrl}`);
  return bodies;
};

describe('SNS FIFO deduplication (fauxqs patched to match AWS)', () => {
  it('delivers a repeated deduplication id to no queue, standard or FIFO, and answers it with the first message ids', async () => {
    // Prepare
    const topicArn = await fifoTopic();
    const standard = await subscribedQueue(topicArn);
    const fifo = await subscribedQueue(topicArn, true);

    // Act
    const first = await publish(topicArn, 'first', 'event-1');
    const repeat = await publish(topicArn, 'first, again', 'event-1');
    const next = await publish(topicArn, 'next', 'event-2');

    // Assess
    expect(await bodiesUntil(standard, 'next')).toEqual(['first', 'next']);
    expect(await bodiesUntil(fifo, 'next')).toEqual(['first', 'next']);
    expect(repeat.MessageId).toBe(first.MessageId);
    expect(repeat.SequenceNumber).toBe(first.SequenceNumber);
    expect(first.SequenceNumber).toMatch(/^\d{20}$/);
    expect(BigInt(next.SequenceNumber ?? '0')).toBeGreaterThan(BigInt(first.SequenceNumber ?? '0'));
  });

  it('drops a repeat inside a PublishBatch, and reports every entry successful', async () => {
    // Prepare
    const topicArn = await fifoTopic();
    const standard = await subscribedQueue(topicArn);
    await publish(topicArn, 'published alone', 'event-1');

    // Act
    const batch = await local.clients.sns.send(
      new PublishBatchCommand({
        TopicArn: topicArn,
        PublishBatchRequestEntries: [
          { Id: 'a', Message: 'repeat', MessageGroupId: 'g1', MessageDeduplicationId: 'event-1' },
          { Id: 'b', Message: 'new', MessageGroupId: 'g1', MessageDeduplicationId: 'event-2' },
          {
            Id: 'c',
            Message: 'new, again',
            MessageGroupId: 'g1',
            MessageDeduplicationId: 'event-2',
          },
          { Id: 'd', Message: 'last', MessageGroupId: 'g1', MessageDeduplicationId: 'event-3' },
        ],
      }),
    );

    // Assess
    expect(await bodiesUntil(standard, 'last')).toEqual(['published alone', 'new', 'last']);
    expect(batch.Successful?.map((entry) => entry.Id)).toEqual(['a', 'b', 'c', 'd']);
    expect(batch.Failed).toEqual([]);
    const ids = new Map(batch.Successful?.map((entry) => [entry.Id, entry.MessageId]));
    expect(ids.get('c')).toBe(ids.get('b'));
  });

  it('takes a deduplication id once per message group when the topic deduplicates per group', async () => {
    // Prepare
    const topicArn = await fifoTopic({ FifoThroughputScope: 'MessageGroup' });
    const standard = await subscribedQueue(topicArn);

    // Act
    await publish(topicArn, 'group 1', 'event-1', 'g1');
    await publish(topicArn, 'group 2', 'event-1', 'g2');
    await publish(topicArn, 'group 1, again', 'event-1', 'g1');
    await publish(topicArn, 'last', 'event-2', 'g1');

    // Assess
    expect(await bodiesUntil(standard, 'last')).toEqual(['group 1', 'group 2', 'last']);
  });

  it('takes content-based deduplication ids from the body as AWS does', async () => {
    // Prepare
    const topicArn = await fifoTopic({ ContentBasedDeduplication: 'true' });
    const standard = await subscribedQueue(topicArn);

    // Act
    for (const body of ['same body', 'same body', 'last']) {
      await local.clients.sns.send(
        new PublishCommand({ TopicArn: topicArn, Message: body, MessageGroupId: 'g1' }),
      );
    }

    // Assess
    expect(await bodiesUntil(standard, 'last')).toEqual(['same body', 'last']);
  });
});
