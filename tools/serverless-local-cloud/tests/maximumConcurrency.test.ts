import { CreateQueueCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type LocalCloud, localRegion, startLocalCloud } from '@conveyor/local-cloud';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventSourceRunner } from '../src/EventSourceRunner.ts';
import { localClients } from './support/localClients.ts';
import { waitFor } from './support/waitFor.ts';

let cloud: LocalCloud;
let sqs: SQSClient;

beforeAll(async () => {
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
  ({ sqs } = localClients(cloud.endpoints));
});

afterAll(async () => {
  sqs.destroy();
  await cloud.stop();
});

/** A queue holding `count` records, in as many FIFO groups as records when `fifo`. */
const queueWith = async (name: string, fifo: boolean, count: number): Promise<string> => {
  const { QueueUrl = '' } = await sqs.send(
    new CreateQueueCommand({
      QueueName: fifo ? `${name}.fifo` : name,
      Attributes: { VisibilityTimeout: '60', ...(fifo ? { FifoQueue: 'true' } : {}) },
    }),
  );
  for (let start = 0; start < count; start += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: Array.from({ length: Math.min(10, count - start) }, (_, item) => ({
          Id: String(item),
          MessageBody: String(start + item),
          ...(fifo
            ? {
                MessageGroupId: `g${String(start + item)}`,
                MessageDeduplicationId: `d${String(start + item)}`,
              }
            : {}),
        })),
      }),
    );
  }
  return QueueUrl;
};

describe.each([
  ['a standard queue', false],
  ['a FIFO queue', true],
])('maximumConcurrency on %s', (_kind, fifo) => {
  it('never has more batches in flight than the event source allows, and does use them all', async () => {
    // Prepare: 40 records, one per batch, and a function that holds each batch until told to
    // finish, so that every poller that can get a batch has one at the same time.
    const queueUrl = await queueWith(`max-concurrency-${String(fifo)}`, fifo, 40);
    const queueName = queueUrl.slice(queueUrl.lastIndexOf('/') + 1);
    let inFlight = 0;
    let mostAtOnce = 0;
    let handled = 0;
    const waiting: (() => void)[] = [];
    const runner = new EventSourceRunner({
      source: {
        functionKey: 'held',
        queueArn: `arn:aws:sqs:${localRegion}:000000000000:${queueName}`,
        queueName,
        queueUrl,
        fifo,
        batchSize: 1,
        maximumBatchingWindowSeconds: 0,
        reportBatchItemFailures: true,
        maximumConcurrency: 3,
      },
      region: localRegion,
      sqs,
      log: { info: () => undefined, warning: () => undefined, error: () => undefined },
      invoke: async (event: SQSEvent) => {
        inFlight += 1;
        mostAtOnce = Math.max(mostAtOnce, inFlight);
        await new Promise<void>((resolve) => waiting.push(resolve));
        inFlight -= 1;
        handled += event.Records.length;
        return { batchItemFailures: [] };
      },
    });

    // Act: let batches finish one at a time, each once three are held.
    runner.start();
    try {
      while (handled < 40) {
        await waitFor(
          'three batches held, or the last ones',
          () => (waiting.length >= Math.min(3, 40 - handled) ? true : undefined),
          { intervalMs: 20 },
        );
        const finished = handled;
        waiting.shift()?.();
        await waitFor('the batch settled', () => (handled > finished ? true : undefined), {
          intervalMs: 5,
        });
      }
    } finally {
      waiting.splice(0).forEach((release) => {
        release();
      });
      await runner.stop();
    }

    // Assess
    expect(mostAtOnce).toBe(3);
    expect(handled).toBe(40);
  });
});
