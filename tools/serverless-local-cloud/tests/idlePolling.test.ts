// An idle queue is polled by one poller at a time; traffic brings the others back. A stop in the
// middle of a long poll hides nothing. A batching window is drained once a second, not per record.
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type LocalCloud, localRegion, startLocalCloud } from '@conveyor/local-cloud';
import type { SQSEvent } from 'aws-lambda';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventSourceRunner } from '../src/EventSourceRunner.ts';
import { localClients } from './support/localClients.ts';
import { waitFor } from './support/waitFor.ts';

let cloud: LocalCloud;
let sqs: SQSClient;

beforeAll(async () => {
  // With IAM enforced, as npm start runs: its layer must pass a client's hang-up on to fauxqs.
  cloud = await startLocalCloud({
    inMemory: true,
    iam: true,
    ports: { fauxqs: 0, dynamodb: 0, ses: 0 },
  });
  ({ sqs } = localClients(cloud.endpoints));
});

afterAll(async () => {
  sqs.destroy();
  await cloud.stop();
});

/** An SQS client of the test's own, so a runner's receives can be watched apart from the test's. */
const ownClient = (): SQSClient =>
  new SQSClient({
    region: localRegion,
    endpoint: cloud.endpoints.sqs,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
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
    open: () => open,
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
    const runnerSqs = ownClient();
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

describe('a runner stopped in the middle of a long poll', () => {
  it('leaves the next message to the next receiver instead of hiding it', async () => {
    // Prepare: an idle queue whose visibility timeout outlasts the test, polled by a runner
    // with Lambda's 20 s long poll.
    const admin = ownClient();
    const runnerSqs = ownClient();
    const name = 'stopped-mid-poll';
    const { QueueUrl: queueUrl = '' } = await admin.send(
      new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '3600' } }),
    );
    const receives = receiveWatch(runnerSqs);
    let invoked = 0;
    const runner = new EventSourceRunner({
      source: {
        functionKey: 'idle',
        queueArn: `arn:aws:sqs:${localRegion}:000000000000:${name}`,
        queueName: name,
        queueUrl,
        fifo: false,
        batchSize: 10,
        maximumBatchingWindowSeconds: 0,
        reportBatchItemFailures: true,
        maximumConcurrency: 5,
      },
      region: localRegion,
      sqs: runnerSqs,
      log: { info: () => undefined, warning: () => undefined, error: () => undefined },
      invoke: () => {
        invoked += 1;
        return Promise.resolve({ batchItemFailures: [] });
      },
    });
    // The cloud runs in this process: count the receives its IAM layer has begun to handle (it
    // hands them to fauxqs in-process), so the stop below lands on polls fauxqs is waiting on.
    let receivesServed = 0;
    const onServerRequest = (message: unknown): void => {
      const { request } = message as { request: IncomingMessage };
      if (request.headers['x-amz-target'] === 'AmazonSQS.ReceiveMessage') receivesServed += 1;
    };
    subscribe('http.server.request.start', onServerRequest);
    try {
      runner.start();
      await waitFor('a long poll reaching fauxqs', () =>
        receives.open() > 0 && receivesServed >= 2 ? true : undefined,
      );
      // Lets fauxqs parse the request and start waiting; no assertion depends on it.
      await sleep(200);

      // Act: stop while it waits, then send.
      await runner.stop();
      await admin.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'after the stop' }),
      );
      const { Messages: received = [] } = await admin.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 5 }),
      );

      // Assess: the message was not handed to the abandoned poll (it would be hidden for an hour).
      expect(received.map((message) => message.Body)).toEqual(['after the stop']);
      expect(invoked).toBe(0);
    } finally {
      unsubscribe('http.server.request.start', onServerRequest);
      await runner.stop();
      admin.destroy();
      runnerSqs.destroy();
    }
  });
});

describe('a batching window', () => {
  it('costs a receive per second it is open, not one per record that trickles in', async () => {
    // Prepare: a standard queue whose runner gathers up to 100 records in a 2 s window.
    const name = 'trickle-into-window';
    const { QueueUrl: queueUrl = '' } = await sqs.send(
      new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '60' } }),
    );
    const runnerSqs = ownClient();
    const receives = receiveWatch(runnerSqs);
    const batches: number[] = [];
    const runner = new EventSourceRunner({
      source: {
        functionKey: 'windowed',
        queueArn: `arn:aws:sqs:${localRegion}:000000000000:${name}`,
        queueName: name,
        queueUrl,
        fifo: false,
        batchSize: 100,
        maximumBatchingWindowSeconds: 2,
        reportBatchItemFailures: true,
        maximumConcurrency: 2,
      },
      region: localRegion,
      sqs: runnerSqs,
      pollWaitSeconds: 1,
      log: { info: () => undefined, warning: () => undefined, error: () => undefined },
      invoke: (event: SQSEvent) => {
        batches.push(event.Records.length);
        return Promise.resolve({ batchItemFailures: [] });
      },
    });
    const records = 40;
    runner.start();
    try {
      const receivesBefore = receives.completed();
      const startedAt = Date.now();

      // Act: one record every 50 ms.
      for (let item = 0; item < records; item += 1) {
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: String(item) }));
        await sleep(50);
      }
      await waitFor('every record handled', () =>
        batches.reduce((sum, size) => sum + size, 0) >= records ? true : undefined,
      );
      const receivesMade = receives.completed() - receivesBefore;
      const seconds = (Date.now() - startedAt) / 1000;

      // Assess: per batch, the receive that opened its window and the last drain; one drain per
      // second open; one more per full page of 10 (a busy machine stretches the run, and with it
      // the bound). A receive per record made 55 here.
      expect(batches.reduce((sum, size) => sum + size, 0)).toBe(records);
      expect(receivesMade).toBeLessThanOrEqual(
        2 * batches.length + Math.ceil(seconds) + Math.ceil(records / 10) + 1,
      );
    } finally {
      await runner.stop();
      runnerSqs.destroy();
    }
  });
});
