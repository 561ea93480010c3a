import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { inMemoryCloud } from './support/inMemoryCloud.ts';

const local = inMemoryCloud();

let queueCount = 0;

const fifoQueue = async (): Promise<string> => {
  queueCount += 1;
  const { QueueUrl } = await local.clients.sqs.send(
    new CreateQueueCommand({
      QueueName: `fifo-batch-${queueCount}.fifo`,
      Attributes: { FifoQueue: 'true', VisibilityTimeout: '30' },
    }),
  );
  return QueueUrl ?? '';
};

const send = async (queueUrl: string, group: string, body: string): Promise<void> => {
  await local.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: body,
      MessageGroupId: group,
      MessageDeduplicationId: body,
    }),
  );
};

const receive = async (queueUrl: string, visibilityTimeout?: number): Promise<Message[]> => {
  const { Messages } = await local.clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      ...(visibilityTimeout === undefined ? {} : { VisibilityTimeout: visibilityTimeout }),
    }),
  );
  return Messages ?? [];
};

const bodies = (messages: readonly Message[]): (string | undefined)[] =>
  messages.map((message) => message.Body);

const remove = async (queueUrl: string, messages: readonly Message[]): Promise<void> => {
  await local.clients.sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: messages.map((message, index) => ({
        Id: String(index),
        ReceiptHandle: message.ReceiptHandle,
      })),
    }),
  );
};

describe('FIFO receive (fauxqs patched to match AWS)', () => {
  it('returns a run of one group in order in a single receive, then the next group', async () => {
    // Prepare
    const queueUrl = await fifoQueue();
    for (const [group, body] of [
      ['A', 'A1'],
      ['A', 'A2'],
      ['A', 'A3'],
      ['B', 'B1'],
    ] as const) {
      await send(queueUrl, group, body);
    }

    // Act
    const batch = await receive(queueUrl);

    // Assess
    expect(bodies(batch)).toEqual(['A1', 'A2', 'A3', 'B1']);
  });

  it('returns nothing of a group while any of its messages is in flight', async () => {
    // Prepare
    const queueUrl = await fifoQueue();
    await send(queueUrl, 'A', 'A1');
    await send(queueUrl, 'A', 'A2');
    const first = await receive(queueUrl);
    await send(queueUrl, 'A', 'A3');
    await send(queueUrl, 'B', 'B1');

    // Act
    const whileInFlight = await receive(queueUrl);
    await remove(queueUrl, first.slice(0, 1));
    const afterOneDeleted = await receive(queueUrl);
    await remove(queueUrl, first.slice(1));
    const afterAllDeleted = await receive(queueUrl);

    // Assess
    expect(bodies(first)).toEqual(['A1', 'A2']);
    expect(bodies(whileInFlight)).toEqual(['B1']);
    expect(afterOneDeleted).toEqual([]);
    expect(bodies(afterAllDeleted)).toEqual(['A3']);
  });

  it('stops at MaxNumberOfMessages and continues the group in order next time', async () => {
    // Prepare
    const queueUrl = await fifoQueue();
    for (let index = 1; index <= 12; index += 1) await send(queueUrl, 'A', `A${index}`);

    // Act
    const first = await receive(queueUrl);
    await remove(queueUrl, first);
    const second = await receive(queueUrl);

    // Assess
    expect(bodies(first)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9', 'A10']);
    expect(bodies(second)).toEqual(['A11', 'A12']);
  });

  it('keeps group order when several in-flight messages are released for a retry', async () => {
    // Prepare
    const queueUrl = await fifoQueue();
    for (const body of ['A1', 'A2', 'A3', 'A4']) await send(queueUrl, 'A', body);
    const batch = await receive(queueUrl);
    const [a1, a2, a3] = batch;

    // Act: a Lambda-like consumer processed A1, then released A2, A3 and A4 for a retry.
    await remove(queueUrl, [a1!]);
    for (const message of [a2!, a3!, batch[3]!]) {
      await local.clients.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }
    const again = await receive(queueUrl);

    // Assess
    expect(bodies(again)).toEqual(['A2', 'A3', 'A4']);
  });

  it('keeps group order when a batch times out and is received again', async () => {
    // Prepare
    const queueUrl = await fifoQueue();
    for (const body of ['A1', 'A2', 'A3']) await send(queueUrl, 'A', body);
    await receive(queueUrl, 1);

    // Act
    const deadline = Date.now() + 5_000;
    let again: Message[] = [];
    while (again.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      again = await receive(queueUrl);
    }

    // Assess
    expect(bodies(again)).toEqual(['A1', 'A2', 'A3']);
    expect(again.every((message) => message.ReceiptHandle !== undefined)).toBe(true);
  });
});
