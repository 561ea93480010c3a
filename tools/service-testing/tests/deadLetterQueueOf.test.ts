// deadLetterQueueOf reads where a queue's redrive policy sends what it gives up on, from the
// local cloud, as the dead-letter tests of a generated service use it.
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AwsClients,
  awsClients,
  deadLetterQueueOf,
  queueUrlOf,
  startTestCloud,
  type TestCloud,
} from '../src/index.ts';

let cloud: TestCloud;
let clients: AwsClients;

beforeAll(async () => {
  cloud = await startTestCloud({ storage: 'memory' });
  clients = awsClients(cloud);
});

afterAll(async () => {
  clients.destroy();
  await cloud.stop();
});

/** Creates a queue, with a redrive policy when given one, and returns its URL and ARN. */
const createQueue = async (name: string, attributes: Record<string, string> = {}) => {
  const { QueueUrl = '' } = await clients.sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: QueueUrl, arn: Attributes?.QueueArn ?? '' };
};

describe('deadLetterQueueOf', () => {
  it("gives the queue's DLQ and maxReceiveCount, from its redrive policy", async () => {
    // Prepare
    const dlq = await createQueue('orders-dlq.fifo', { FifoQueue: 'true' });
    const queue = await createQueue('orders.fifo', {
      FifoQueue: 'true',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 }),
    });

    // Act
    const found = await deadLetterQueueOf(clients, queue.url);

    // Assess
    expect(found).toEqual({ dlqUrl: dlq.url, dlqArn: dlq.arn, maxReceiveCount: 3 });
  });

  it('refuses a queue without a redrive policy, naming it', async () => {
    // Prepare
    const queue = await createQueue('no-dlq');

    // Act
    const found = deadLetterQueueOf(clients, queue.url);

    // Assess
    await expect(found).rejects.toThrow(
      `${queue.url} has no RedrivePolicy: a message that keeps failing never reaches a DLQ`,
    );
  });
});

describe('queueUrlOf', () => {
  it('gives the URL of a queue by its name', async () => {
    // Prepare
    const queue = await createQueue('by-name');

    // Act
    const url = await queueUrlOf(clients, 'by-name');

    // Assess
    expect(url).toBe(queue.url);
  });
});
