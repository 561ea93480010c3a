// The publisher against a real local SNS FIFO topic with a raw subscription to a FIFO queue.
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePublishEvent } from '../src/index.ts';
import { orderPlaced } from './fixtures/lambdaFixtures.ts';
import { clientConfig, startFauxqs } from './fixtures/localServers.ts';

let broker: Awaited<ReturnType<typeof startFauxqs>>;
let sns: SNSClient;
let sqs: SQSClient;

beforeAll(async () => {
  broker = await startFauxqs();
  sns = new SNSClient(clientConfig(broker.endpoint));
  sqs = new SQSClient(clientConfig(broker.endpoint));
});
afterAll(async () => {
  sns.destroy();
  sqs.destroy();
  await broker.stop();
});

describe('makePublishEvent through SNS FIFO', () => {
  it('delivers the envelope raw, grouped by aggregate, with its attributes, and drops a republish', async () => {
    // Prepare
    const topic = await sns.send(
      new CreateTopicCommand({
        Name: 'conveyor-test-order-events.fifo',
        Attributes: { FifoTopic: 'true' },
      }),
    );
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'conveyor-test-inventory-orders.fifo',
        Attributes: { FifoQueue: 'true' },
      }),
    );
    const queueArn = (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes?.QueueArn;
    await sns.send(
      new SubscribeCommand({
        TopicArn: topic.TopicArn,
        Protocol: 'sqs',
        Endpoint: queueArn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const publish = makePublishEvent(sns, topic.TopicArn ?? '');
    const event = orderPlaced('ord-42', 'corr-42');

    // Act
    await publish(event);
    await publish(event);
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.QueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );

    // Assess
    expect(received.Messages).toHaveLength(1);
    const message = received.Messages?.[0];
    expect(JSON.parse(message?.Body ?? '')).toEqual(event);
    expect(message?.Attributes?.MessageGroupId).toBe('ord-42');
    expect(message?.MessageAttributes).toMatchObject({
      eventType: { StringValue: 'order.placed' },
      eventVersion: { StringValue: '1' },
      correlationId: { StringValue: 'corr-42' },
    });
  });
});
