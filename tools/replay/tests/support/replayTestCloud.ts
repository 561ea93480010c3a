// A local cloud (IAM enforced, as under npm start) holding the topology's topics with their
// archive policies, and consumer queues subscribed to them as the topology plugin builds them
// (raw delivery, an eventType filter policy, a queue policy that lets the topics in).
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { EventType, QueueKey, TopicKey } from '@conveyor/event-types';
import { localRegion } from '@conveyor/local-cloud';
import { startTestCloud, type TestCloud, type TestCloudOptions } from '@conveyor/service-testing';
import { consumerQueues, type ConsumerQueue } from '../../src/findConsumerQueue.ts';

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface ReplayTestCloud {
  readonly cloud: TestCloud;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  /** The environment that points the CLI at this cloud. */
  readonly env: Record<string, string>;
  readonly topicArn: (topic: TopicKey) => string;
  readonly stop: () => Promise<void>;
}

export const startReplayTestCloud = async (
  options: TestCloudOptions = {},
): Promise<ReplayTestCloud> => {
  const cloud = await startTestCloud(options);
  const common = {
    endpoint: cloud.endpoints.sqs,
    region: localRegion,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const sns = new SNSClient(common);
  const sqs = new SQSClient(common);
  const topicArns = new Map<string, string>();
  for (const topic of consumerQueues('local').flatMap(({ topics }) => topics)) {
    if (topicArns.has(topic.key)) continue;
    const { TopicArn = '' } = await sns.send(
      new CreateTopicCommand({
        Name: topic.name,
        Attributes: { FifoTopic: 'true', ArchivePolicy: '{"MessageRetentionPeriod":"7"}' },
      }),
    );
    topicArns.set(topic.key, TopicArn);
  }
  return {
    cloud,
    sns,
    sqs,
    env: { CONVEYOR_LOCAL_PORTS: JSON.stringify(cloud.ports) },
    topicArn: (topic) => {
      const arn = topicArns.get(topic);
      if (arn === undefined) throw new Error(`No topic ${topic}`);
      return arn;
    },
    stop: async () => {
      sns.destroy();
      sqs.destroy();
      await cloud.stop();
    },
  };
};

/** A consumer queue of stage `local`, created and subscribed to its topics. */
export interface TestQueue {
  readonly queue: ConsumerQueue;
  readonly url: string;
}

export const createConsumerQueue = async (
  test: ReplayTestCloud,
  key: QueueKey,
  eventsByTopic: Partial<Record<TopicKey, readonly EventType[]>>,
): Promise<TestQueue> => {
  const queue = consumerQueues('local').find((candidate) => candidate.key === key);
  if (queue === undefined) throw new Error(`No queue ${key}`);
  const { QueueUrl: url = '' } = await test.sqs.send(
    new CreateQueueCommand({
      QueueName: queue.name,
      Attributes: queue.fifo ? { FifoQueue: 'true' } : {},
    }),
  );
  const { Attributes } = await test.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = Attributes?.QueueArn ?? '';
  const topicArns = queue.topics.map((topic) => test.topicArn(topic.key));
  await test.sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: url,
      Attributes: {
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: queueArn,
              Condition: { ArnEquals: { 'aws:SourceArn': topicArns } },
            },
          ],
        }),
      },
    }),
  );
  for (const topic of queue.topics) {
    const events = eventsByTopic[topic.key];
    await test.sns.send(
      new SubscribeCommand({
        TopicArn: test.topicArn(topic.key),
        Protocol: 'sqs',
        Endpoint: queueArn,
        Attributes: {
          RawMessageDelivery: 'true',
          ...(events === undefined ? {} : { FilterPolicy: JSON.stringify({ eventType: events }) }),
        },
      }),
    );
  }
  return { queue, url };
};

/** Publishes an event-like message; returns its body. */
export const publishEvent = async (
  test: ReplayTestCloud,
  topic: TopicKey,
  eventType: EventType,
  aggregateId: string,
): Promise<string> => {
  const eventId = randomUUID();
  const body = JSON.stringify({ eventId, eventType, aggregateId });
  await test.sns.send(
    new PublishCommand({
      TopicArn: test.topicArn(topic),
      Message: body,
      MessageGroupId: aggregateId,
      MessageDeduplicationId: eventId,
      MessageAttributes: { eventType: { DataType: 'String', StringValue: eventType } },
    }),
  );
  return body;
};

/** Everything the queue holds now, received and deleted, in the order received. */
export const drain = async (test: ReplayTestCloud, url: string): Promise<Message[]> => {
  const received: Message[] = [];
  for (;;) {
    const { Messages = [] } = await test.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return received;
    for (const message of Messages) {
      received.push(message);
      await test.sqs.send(
        new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }),
      );
    }
  }
};

/** The ReplayPolicy attribute of each of the queue's subscriptions. */
export const replayPolicies = async (
  test: ReplayTestCloud,
  queue: TestQueue,
): Promise<(string | undefined)[]> => {
  const policies: (string | undefined)[] = [];
  for (const topic of queue.queue.topics) {
    const { Subscriptions = [] } = await test.sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: test.topicArn(topic.key) }),
    );
    for (const { SubscriptionArn } of Subscriptions) {
      const { Attributes } = await test.sns.send(
        new GetSubscriptionAttributesCommand({ SubscriptionArn }),
      );
      if (Attributes?.['Endpoint']?.endsWith(`:${queue.queue.name}`) === true) {
        policies.push(Attributes['ReplayPolicy']);
      }
    }
  }
  return policies;
};

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node src/main.ts`, as `npm run replay --` runs it, with stdin and stderr not a terminal. */
export const runReplay = (args: readonly string[], env: Record<string, string>): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
