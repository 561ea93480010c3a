// A local cloud (in memory or persistent) holding every consumer queue and DLQ of the topology,
// as the topology plugin builds them (RedrivePolicy, maxReceiveCount 3; a delivery DLQ for a
// standard queue's subscriptions to a FIFO topic), and a connection of the DLQ tool to it.
import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { LocalCloud } from '@conveyor/local-cloud';
import { DlqSources } from '@conveyor/serverless-topology';
import { startTestCloud, type TestCloudOptions } from '@conveyor/service-testing';
import { connectToStage, type DlqConnection } from '../../src/connectToStage.ts';
import { type DeadLetterQueue, deadLetterQueues } from '../../src/deadLetterQueues.ts';

export const maxReceiveCount = 3;

export interface QueueUrls {
  readonly source: string;
  readonly dlq: string;
}

export interface DlqTestCloud {
  readonly cloud: LocalCloud;
  readonly connection: DlqConnection;
  readonly sqs: SQSClient;
  /** The environment that points the CLI at this cloud. */
  readonly env: Record<string, string>;
  readonly urls: (queue: DeadLetterQueue) => QueueUrls;
  readonly stop: () => Promise<void>;
}

const createQueue = async (
  sqs: SQSClient,
  name: string,
  fifo: boolean,
  attributes: Record<string, string> = {},
): Promise<{ url: string; arn: string }> => {
  const { QueueUrl: url = '' } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { ...(fifo ? { FifoQueue: 'true' } : {}), ...attributes },
    }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return { url, arn: Attributes?.QueueArn ?? '' };
};

/** Starts the cloud and creates every queue of the topology in stage `local`. */
export const startDlqTestCloud = async (options: TestCloudOptions = {}): Promise<DlqTestCloud> => {
  const cloud = await startTestCloud(options);
  const env = { CONVEYOR_LOCAL_PORTS: JSON.stringify(cloud.ports) };
  const connection = await connectToStage({ stage: 'local', env });
  const { sqs } = connection;
  const urls = new Map<string, QueueUrls>();
  const sources = new Map<string, string>();
  const all = deadLetterQueues('local');
  // Each source queue with its RedrivePolicy first, then the delivery DLQs of its subscriptions.
  for (const queue of all.filter((dlq) => dlq.source === DlqSources.Queue)) {
    const dlq = await createQueue(sqs, queue.name, queue.fifo);
    const source = await createQueue(sqs, queue.sourceName, queue.sourceFifo, {
      VisibilityTimeout: '30',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount }),
    });
    sources.set(queue.sourceName, source.url);
    urls.set(queue.name, { source: source.url, dlq: dlq.url });
  }
  for (const queue of all.filter((dlq) => dlq.source === DlqSources.Subscriptions)) {
    const dlq = await createQueue(sqs, queue.name, queue.fifo);
    const source = sources.get(queue.sourceName);
    if (source === undefined) throw new Error(`No source queue ${queue.sourceName}`);
    urls.set(queue.name, { source, dlq: dlq.url });
  }
  return {
    cloud,
    connection,
    sqs,
    env,
    urls: (queue) => {
      const found = urls.get(queue.name);
      if (found === undefined) throw new Error(`No queue ${queue.name}`);
      return found;
    },
    stop: async () => {
      connection.close();
      await cloud.stop();
    },
  };
};

/** What a test message is sent with. */
export interface TestMessage {
  readonly body: string;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  readonly attributes?: Record<string, string>;
}

/** Sends a message to a source queue. */
export const sendToSource = async (
  sqs: SQSClient,
  queue: DeadLetterQueue,
  url: string,
  message: TestMessage,
): Promise<string> => {
  const sent = await sqs.send(
    new SendMessageCommand({
      QueueUrl: url,
      MessageBody: message.body,
      ...(message.attributes === undefined
        ? {}
        : {
            MessageAttributes: Object.fromEntries(
              Object.entries(message.attributes).map(([name, value]) => [
                name,
                { DataType: 'String', StringValue: value },
              ]),
            ),
          }),
      ...(queue.sourceFifo
        ? {
            MessageGroupId: message.groupId ?? 'group-1',
            MessageDeduplicationId: message.deduplicationId ?? randomUUID(),
          }
        : {}),
    }),
  );
  return sent.MessageId ?? '';
};

/**
 * What a consumer that always fails does to a message: receives it `maxReceiveCount` times
 * without deleting it; the next receive makes SQS move it to the DLQ. Returns the DLQ depth.
 */
export const failUntilDeadLettered = async (
  cloud: DlqTestCloud,
  queue: DeadLetterQueue,
  expectedDepth: number,
): Promise<number> => {
  const { source, dlq } = cloud.urls(queue);
  for (let attempt = 0; attempt < 50; attempt += 1) {
    await cloud.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: source,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
      }),
    );
    const depth = await queueDepth(cloud.sqs, dlq);
    if (depth >= expectedDepth) return depth;
  }
  throw new Error(`${queue.name} never reached depth ${expectedDepth}`);
};

/** Visible + in flight. */
export const queueDepth = async (sqs: SQSClient, url: string): Promise<number> => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
};

/**
 * Receives whatever is visible, with every attribute, and keeps it in flight for an hour: long
 * past the end of any test, however slow the machine, so it stays in flight while a test looks.
 */
export const receiveAll = async (sqs: SQSClient, url: string): Promise<Message[]> => {
  const messages: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 3_600,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return messages;
    messages.push(...Messages);
  }
};
