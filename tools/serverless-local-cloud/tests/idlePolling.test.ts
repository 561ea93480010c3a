// An idle queue is polled by one poller at a time; traffic brings the others back.
import { CreateQueueCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
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

/** Receives the runner makes: how many are open now, and the most open at once since `mark()`. */
const receiveWatch = (client: SQSClient) => {
  let open = 0;
  let mostSinceMark = 0;
  let completed = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'ReceiveMessageCommand') {
        return next(args);
      }
      open += 1;
      mostSinceMark = Math.max(mostSinceMark, open);
      try {
        return await next(args);
      } finally {
        open -= 1;
        completed += 1;
      }
    },
    { step: 'initialize', name: 'receiveWatch' },
  );
  return {
    completed: () => completed,
    mostSinceMark: () => mostSinceMark,
    mark: () => {
      mostSinceMark = open;
    },
  };
};

describe.each([
  ['a standard queue', false],
  ['a FIFO queue', true],
])('pollers on %s', (_kind, fifo) => {
  it('poll an idle queue one at a time, and all come back when records arrive', async () => {
    // Prepare: an empty queue, five pollers with a short long-poll, and a function that holds
    // each batch (one record) until released, so every woken poller keeps its batch.
    const name = `idle-polling-${String(fifo)}`;
    const { QueueUrl: queueUrl = '' } = await sqs.send(
      new CreateQueueCommand({
        QueueName: fifo ? `${name}.fifo` : name,
        Attributes: { VisibilityTimeout: '60', ...(fifo ? { FifoQueue: 'true' } : {}) },
      }),
    );
    const queueName = queueUrl.slice(queueUrl.lastIndexOf('/') + 1);
    const runnerSqs = new SQSClient({
      region: localRegion,
      endpoint: cloud.endpoints.sqs,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const receives = receiveWatch(runnerSqs);
    const held: (() => void)[] = [];
    let handled = 0;
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
        maximumConcurrency: 5,
      },
      region: localRegion,
      sqs: runnerSqs,
      pollWaitSeconds: 1,
      log: { info: () => undefined, warning: () => undefined, error: () => undefined },
      invoke: async (event: SQSEvent) => {
        await new Promise<void>((resolve) => held.push(resolve));
        handled += event.Records.length;
        return { batchItemFailures: [] };
      },
    });

    runner.start();
    try {
      // Act: let the five first polls come back empty, then watch the next ones.
      await waitFor('the first polls of the empty queue', () =>
        receives.completed() >= 5 ? true : undefined,
      );
      receives.mark();
      const idleFrom = receives.completed();
      await waitFor('three more polls of the idle queue', () =>
        receives.completed() >= idleFrom + 3 ? true : undefined,
      );
      const mostWhileIdle = receives.mostSinceMark();
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Array.from({ length: 10 }, (_, item) => ({
            Id: String(item),
            MessageBody: String(item),
            ...(fifo
              ? { MessageGroupId: `g${String(item)}`, MessageDeduplicationId: `d${String(item)}` }
              : {}),
          })),
        }),
      );
      await waitFor('a batch held by each of the five pollers', () =>
        held.length >= 5 ? true : undefined,
      );
      while (handled < 10) {
        held.splice(0).forEach((release) => {
          release();
        });
        await waitFor(
          'the next batches',
          () => (held.length > 0 || handled >= 10 ? true : undefined),
          {
            intervalMs: 20,
          },
        );
      }

      // Assess
      expect(mostWhileIdle).toBe(1);
      expect(handled).toBe(10);
    } finally {
      held.splice(0).forEach((release) => {
        release();
      });
      await runner.stop();
      runnerSqs.destroy();
    }
  });
});
