import { randomUUID } from 'node:crypto';
import { CreateTopicCommand, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import type { AwsClients } from './awsClients.ts';

/** A test queue subscribed (raw) to a topic, to observe what a service publishes. */
export interface TopicTap {
  readonly queueUrl: string;
  /** Receives and deletes whatever is there now (bounded: at most `rounds` receives). */
  readonly drain: (rounds?: number) => Promise<unknown[]>;
  /** Unsubscribes and deletes the queue. */
  readonly close: () => Promise<void>;
}

/** A queue policy that lets only `topicArn` send to `queueArn`, as a consumer's queue policy does. */
const topicMayDeliver = (queueArn: string, topicArn: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
    ],
  });

/**
 * Subscribes a fresh queue of the topic's kind to `topicName` (creating the topic if needed:
 * CreateTopic is idempotent), so a test sees every event published on it. The queue's policy
 * lets the topic in, as a local cloud enforcing IAM requires of every SNS delivery.
 *
 * @example
 * ```ts
 * const tap = await tapTopic(clients, 'conveyor-local-inventory-events.fifo');
 * const events = await tap.drain();
 * ```
 */
export const tapTopic = async (clients: AwsClients, topicName: string): Promise<TopicTap> => {
  const fifo = topicName.endsWith('.fifo');
  const topic = await clients.sns.send(
    new CreateTopicCommand({ Name: topicName, Attributes: fifo ? { FifoTopic: 'true' } : {} }),
  );
  const queueName = `tap-${randomUUID().slice(0, 8)}${fifo ? '.fifo' : ''}`;
  const queue = await clients.sqs.send(
    new CreateQueueCommand({ QueueName: queueName, Attributes: fifo ? { FifoQueue: 'true' } : {} }),
  );
  const queueUrl = queue.QueueUrl ?? '';
  const attributes = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = attributes.Attributes?.['QueueArn'] ?? '';
  await clients.sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: queueUrl,
      Attributes: { Policy: topicMayDeliver(queueArn, topic.TopicArn ?? '') },
    }),
  );
  const subscription = await clients.sns.send(
    new SubscribeCommand({
      TopicArn: topic.TopicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  return {
    queueUrl,
    drain: async (rounds = 5) => {
      const bodies: unknown[] = [];
      for (let round = 0; round < rounds; round += 1) {
        const received = await clients.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
          }),
        );
        const messages = received.Messages ?? [];
        if (messages.length === 0) break;
        for (const message of messages) {
          bodies.push(JSON.parse(message.Body ?? 'null'));
          await clients.sqs.send(
            new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
          );
        }
      }
      return bodies;
    },
    close: async () => {
      await clients.sns.send(
        new UnsubscribeCommand({ SubscriptionArn: subscription.SubscriptionArn }),
      );
      await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
    },
  };
};

/** Reads a queue's approximate depth (visible + in flight). */
export const queueDepth = async (
  clients: Pick<AwsClients, 'sqs'>,
  queueUrl: string,
): Promise<number> => {
  const result = await clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(result.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(result.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
};
