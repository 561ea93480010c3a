// Permanent failures reach the DLQ in quick receives on a real local SQS (fauxqs), while
// transient ones wait out the visibility timeout.
import { createHash } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeSqsEventHandler, PermanentError, TransientError } from '../src/index.ts';
import { capturedLogger } from './fixtures/captureLogs.ts';
import { lambdaContext, orderPlaced } from './fixtures/lambdaFixtures.ts';
import { clientConfig, startFauxqs } from './fixtures/localServers.ts';

let broker: Awaited<ReturnType<typeof startFauxqs>>;
let sqs: SQSClient;
let queues = 0;

beforeAll(async () => {
  broker = await startFauxqs();
  sqs = new SQSClient(clientConfig(broker.endpoint));
});
afterAll(async () => {
  sqs.destroy();
  await broker.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const arnOf = async (queueUrl: string) =>
  (
    await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    )
  ).Attributes?.QueueArn ?? '';

/** A FIFO queue with a 30 s visibility timeout and a DLQ after 3 receives. */
const queueWithDlq = async () => {
  queues += 1;
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: `poison-${queues}-dlq.fifo`,
      Attributes: { FifoQueue: 'true' },
    }),
  );
  const source = await sqs.send(
    new CreateQueueCommand({
      QueueName: `poison-${queues}.fifo`,
      Attributes: {
        FifoQueue: 'true',
        VisibilityTimeout: '30',
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: await arnOf(dlq.QueueUrl ?? ''),
          maxReceiveCount: 3,
        }),
      },
    }),
  );
  return {
    sourceUrl: source.QueueUrl ?? '',
    dlqUrl: dlq.QueueUrl ?? '',
    sourceArn: await arnOf(source.QueueUrl ?? ''),
  };
};

const toRecord = (message: Message, arn: string): SQSRecord => ({
  messageId: message.MessageId ?? '',
  receiptHandle: message.ReceiptHandle ?? '',
  body: message.Body ?? '',
  attributes: {
    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
    SentTimestamp: message.Attributes?.SentTimestamp ?? '0',
    SenderId: 'local',
    ApproximateFirstReceiveTimestamp: '0',
    MessageGroupId: message.Attributes?.MessageGroupId ?? '',
  },
  messageAttributes: {},
  md5OfBody: createHash('md5')
    .update(message.Body ?? '')
    .digest('hex'),
  eventSource: 'aws:sqs',
  eventSourceARN: arn,
  awsRegion: 'us-east-1',
});

const receive = async (queueUrl: string) =>
  (
    await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
      }),
    )
  ).Messages ?? [];

describe('permanent failures with an SQS client', () => {
  it('reach the DLQ after 3 immediate receives, not 3 visibility timeouts', async () => {
    // Prepare
    const { logger } = capturedLogger();
    const { sourceUrl, dlqUrl, sourceArn } = await queueWithDlq();
    const handler = makeSqsEventHandler({
      queue: 'inventoryOrders',
      logger,
      sqsClient: sqs,
      handlers: { 'order.placed': async () => Promise.resolve() },
    });
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: sourceUrl,
        MessageBody: '{"not":"an event"}',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd1',
      }),
    );

    // Act
    const receiveCounts: string[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const messages = await receive(sourceUrl);
      receiveCounts.push(...messages.map((m) => m.Attributes?.ApproximateReceiveCount ?? '?'));
      await handler({ Records: messages.map((m) => toRecord(m, sourceArn)) }, lambdaContext());
    }
    const afterRedrive = await receive(sourceUrl);
    const dead = await receive(dlqUrl);

    // Assess
    expect(receiveCounts).toEqual(['1', '2', '3']);
    expect(afterRedrive).toEqual([]);
    expect(dead.map((m) => m.Body)).toEqual(['{"not":"an event"}']);
  });

  it('leaves transient failures invisible until their visibility timeout', async () => {
    // Prepare
    const { logger } = capturedLogger();
    const { sourceUrl, sourceArn } = await queueWithDlq();
    const handler = makeSqsEventHandler({
      queue: 'inventoryOrders',
      logger,
      sqsClient: sqs,
      handlers: { 'order.placed': async () => Promise.reject(new TransientError('try later')) },
    });
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: sourceUrl,
        MessageBody: JSON.stringify(orderPlaced('ord-t')),
        MessageGroupId: 'ord-t',
        MessageDeduplicationId: 'd2',
      }),
    );

    // Act
    const first = await receive(sourceUrl);
    const response = await handler(
      { Records: first.map((m) => toRecord(m, sourceArn)) },
      lambdaContext(),
    );
    const again = await receive(sourceUrl);

    // Assess
    expect(response.batchItemFailures).toHaveLength(1);
    expect(again).toEqual([]);
  });

  it('leaves a poison record that holds others of its group, and those, to the visibility timeout', async () => {
    // Prepare
    const { logger } = capturedLogger();
    const { sourceUrl, sourceArn } = await queueWithDlq();
    const handler = makeSqsEventHandler({
      queue: 'inventoryOrders',
      logger,
      sqsClient: sqs,
      handlers: {
        'order.placed': async (event) => {
          await Promise.resolve();
          if (event.aggregateId === 'poison') throw new PermanentError('cannot ever be handled');
          if (event.aggregateId === 'slow') throw new TransientError('later');
        },
      },
    });
    const send = async (aggregateId: string, group: string, id: string) =>
      sqs.send(
        new SendMessageCommand({
          QueueUrl: sourceUrl,
          MessageBody: JSON.stringify(orderPlaced(aggregateId)),
          MessageGroupId: group,
          MessageDeduplicationId: id,
        }),
      );
    await send('ok', 'A', 'a1');
    await send('poison', 'A', 'a2');
    await send('ok', 'A', 'a3');
    await send('slow', 'B', 'b1');

    // Act
    const batch = await receive(sourceUrl);
    const response = await handler(
      { Records: batch.map((m) => toRecord(m, sourceArn)) },
      lambdaContext(),
    );
    // As the event source mapping does: delete what succeeded.
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    for (const message of batch.filter((m) => !failed.has(m.MessageId ?? ''))) {
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: sourceUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    }
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: sourceUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );

    // Assess: the three failures stay in flight until their visibility timeout; none is back.
    expect(batch).toHaveLength(4);
    expect(response.batchItemFailures).toHaveLength(3);
    expect(Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '3',
    });
  });
});
