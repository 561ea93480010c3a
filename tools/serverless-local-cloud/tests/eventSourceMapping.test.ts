import { createHash } from 'node:crypto';
import {
  GetQueueAttributesCommand,
  type Message,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type LocalCloud, startLocalCloud } from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureQueueUrl, localClients } from './support/localClients.ts';
import {
  type Instruction,
  instructionOf,
  newRunId,
  observationsOf,
  type RunObservation,
} from './support/observations.ts';
import { QueueCollector } from './support/QueueCollector.ts';
import { type OfflineProcess, readyLine, startOffline } from './support/startOffline.ts';
import { waitFor } from './support/waitFor.ts';

let cloud: LocalCloud | undefined;
let offline: OfflineProcess | undefined;
let sqs: SQSClient;
let observations: QueueCollector;
let workDlq: QueueCollector;
let fifoDlq: QueueCollector;

const url = (name: string): string => fixtureQueueUrl(cloud!.endpoints, name);

const send = async (
  queue: string,
  runId: string,
  entries: readonly Omit<Instruction, 'runId'>[],
): Promise<Map<string, string>> => {
  const fifo = queue.endsWith('.fifo');
  const { Successful = [], Failed = [] } = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: url(queue),
      Entries: entries.map((entry) => ({
        Id: entry.name,
        MessageBody: JSON.stringify({ runId, ...entry }),
        ...(fifo
          ? {
              MessageGroupId: `${runId}-${entry.name[0] ?? ''}`,
              MessageDeduplicationId: `${runId}-${entry.name}`,
            }
          : {}),
      })),
    }),
  );
  expect(Failed).toEqual([]);
  return new Map(Successful.map(({ Id, MessageId }) => [Id ?? '', MessageId ?? '']));
};

/** Waits until the run's invocations satisfy `done`, then returns them all. */
const observe = (
  runId: string,
  what: string,
  done: (runs: RunObservation[]) => boolean,
): Promise<RunObservation[]> =>
  observations.waitFor(what, (messages) => {
    const runs = observationsOf(messages, runId);
    return done(runs) ? runs : undefined;
  });

const dlqNames = (collector: QueueCollector, runId: string): string[] =>
  collector
    .messages()
    .map((message: Message) => JSON.parse(message.Body ?? '{}') as Instruction)
    .filter((instruction) => instruction.runId === runId)
    .map(({ name }) => name)
    .sort();

beforeAll(async () => {
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
  offline = await startOffline({ ports: cloud.ports, buildName: 'event-source-mapping' });
  await offline.waitForOutput(readyLine);
  ({ sqs } = localClients(cloud.endpoints));
  observations = new QueueCollector(sqs, url('observations')).start();
  workDlq = new QueueCollector(sqs, url('work-dlq')).start();
  fifoDlq = new QueueCollector(sqs, url('work-dlq.fifo')).start();
});

afterAll(async () => {
  await offline?.stop();
  await Promise.all([observations.stop(), workDlq.stop(), fifoDlq.stop()]);
  sqs.destroy();
  await cloud?.stop();
});

describe('records', () => {
  it("hands the function Lambda's exact SQS record, FIFO attributes included", async () => {
    // Prepare
    const runId = newRunId();
    const body = JSON.stringify({ runId, name: 'R1', behaviour: 'ok' });
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url('work.fifo'),
        MessageBody: body,
        MessageGroupId: `${runId}-R`,
        MessageDeduplicationId: `${runId}-R1`,
        MessageAttributes: {
          eventType: { DataType: 'String', StringValue: 'order.placed' },
          eventVersion: { DataType: 'Number', StringValue: '1' },
        },
      }),
    );

    // Act
    const [run] = await observe(runId, 'the record on the FIFO queue', (runs) => runs.length > 0);

    // Assess
    const record = run!.runRecords[0]!;
    expect(Object.keys(record).sort()).toEqual(
      [
        'attributes',
        'awsRegion',
        'body',
        'eventSource',
        'eventSourceARN',
        'md5OfBody',
        'md5OfMessageAttributes',
        'messageAttributes',
        'messageId',
        'receiptHandle',
      ].sort(),
    );
    expect(record.messageId).toBe(sent.MessageId);
    expect(record.receiptHandle).toEqual(expect.any(String));
    expect(record.receiptHandle.length).toBeGreaterThan(0);
    expect(record.body).toBe(body);
    expect(record.md5OfBody).toBe(createHash('md5').update(body).digest('hex'));
    expect(record.md5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(record.eventSource).toBe('aws:sqs');
    expect(record.eventSourceARN).toBe(
      'arn:aws:sqs:us-east-1:000000000000:slc-fixture-test-work.fifo',
    );
    expect(record.awsRegion).toBe('us-east-1');
    expect(record.attributes).toStrictEqual({
      ApproximateReceiveCount: '1',
      SentTimestamp: expect.stringMatching(/^\d{13}$/) as unknown,
      SenderId: expect.any(String) as unknown,
      ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/) as unknown,
      SequenceNumber: sent.SequenceNumber,
      MessageGroupId: `${runId}-R`,
      MessageDeduplicationId: `${runId}-R1`,
    });
    expect(Number(record.attributes.ApproximateFirstReceiveTimestamp)).toBeGreaterThanOrEqual(
      Number(record.attributes.SentTimestamp),
    );
    expect(record.messageAttributes).toStrictEqual({
      eventType: {
        stringValue: 'order.placed',
        stringListValues: [],
        binaryListValues: [],
        dataType: 'String',
      },
      eventVersion: {
        stringValue: '1',
        stringListValues: [],
        binaryListValues: [],
        dataType: 'Number',
      },
    });
  });

  it('gives standard-queue records no FIFO attributes, and functions the local endpoints and Lambda initialization type', async () => {
    // Prepare
    const runId = newRunId();
    await send('work', runId, [{ name: 'S1', behaviour: 'ok' }]);

    // Act
    const [run] = await observe(
      runId,
      'the record on the standard queue',
      (runs) => runs.length > 0,
    );

    // Assess
    expect(Object.keys(run!.runRecords[0]!.attributes).sort()).toEqual([
      'ApproximateFirstReceiveTimestamp',
      'ApproximateReceiveCount',
      'SenderId',
      'SentTimestamp',
    ]);
    expect(run!.runRecords[0]!.messageAttributes).toStrictEqual({});
    const { endpoints } = cloud!;
    expect(run!.endpoints).toEqual({
      sqs: endpoints.sqs,
      sns: endpoints.sns,
      s3: endpoints.s3,
      dynamodb: endpoints.dynamodb,
      sesv2: endpoints.sesv2,
      region: 'us-east-1',
    });
    // As in Lambda, so that Powertools marks each instance's first invocation as a cold start.
    expect(run!.initializationType).toBe('on-demand');
  });
});

describe('batch failures', () => {
  it('redelivers exactly the failed records of a partial batch, and moves them to the DLQ after 3 receives', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    await send('work', runId, [
      { name: 'P1', behaviour: 'ok' },
      { name: 'P2', behaviour: 'fail' },
      { name: 'P3', behaviour: 'ok' },
      { name: 'P4', behaviour: 'fail' },
      { name: 'P5', behaviour: 'ok' },
    ]);
    await workDlq.waitFor('P2 and P4 in the DLQ', () =>
      dlqNames(workDlq, runId).length === 2 ? true : undefined,
    );

    // Assess
    const runs = observationsOf(observations.messages(), runId);
    const deliveries = runs.flatMap(({ seen }) => seen).sort();
    expect(deliveries).toEqual([
      'P1#1',
      'P2#1',
      'P2#2',
      'P2#3',
      'P3#1',
      'P4#1',
      'P4#2',
      'P4#3',
      'P5#1',
    ]);
    expect(runs.flatMap(({ processedNames }) => processedNames).sort()).toEqual(['P1', 'P3', 'P5']);
    expect(dlqNames(workDlq, runId)).toEqual(['P2', 'P4']);
  });

  it('fails the whole batch when the function throws: every record comes back', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    await send('work', runId, [
      { name: 'T1', behaviour: 'ok' },
      { name: 'T2', behaviour: 'throw', untilReceive: 2 },
      { name: 'T3', behaviour: 'ok' },
    ]);
    const runs = await observe(runId, 'a thrown batch and its redelivery', (all) =>
      all.some(
        ({ outcome, processedNames }) => outcome === 'returned' && processedNames.length === 3,
      ),
    );

    // Assess
    expect(runs.map(({ outcome, seen }) => ({ outcome, seen: [...seen].sort() }))).toEqual([
      { outcome: 'threw', seen: ['T1#1', 'T2#1', 'T3#1'] },
      { outcome: 'returned', seen: ['T1#2', 'T2#2', 'T3#2'] },
    ]);
  });

  it('fails the whole batch when the function times out: every record comes back', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    await send('work', runId, [
      { name: 'O1', behaviour: 'ok' },
      { name: 'O2', behaviour: 'timeout', untilReceive: 2 },
    ]);
    const runs = await observe(runId, 'a timed-out batch and its redelivery', (all) =>
      all.some(
        ({ outcome, processedNames }) => outcome === 'returned' && processedNames.length === 2,
      ),
    );

    // Assess
    expect(runs.map(({ outcome, seen }) => ({ outcome, seen: [...seen].sort() }))).toEqual([
      { outcome: 'timedOut', seen: ['O1#1', 'O2#1'] },
      { outcome: 'returned', seen: ['O1#2', 'O2#2'] },
    ]);
    expect(offline!.output()).toMatch(/batch of 2 failed \(the function timed out\)/);
  });

  it('fails the whole batch when batchItemFailures names a record not in the batch', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    await send('work', runId, [
      { name: 'B1', behaviour: 'ok' },
      { name: 'B2', behaviour: 'badItemIdentifier', untilReceive: 2 },
    ]);
    const runs = await observe(runId, 'an invalid response and the redelivery', (all) =>
      all.some(
        ({ outcome, processedNames }) => outcome === 'returned' && processedNames.length === 2,
      ),
    );

    // Assess
    expect(runs.map(({ outcome, seen }) => ({ outcome, seen: [...seen].sort() }))).toEqual([
      { outcome: 'badResponse', seen: ['B1#1', 'B2#1'] },
      { outcome: 'returned', seen: ['B1#2', 'B2#2'] },
    ]);
  });
});

describe('FIFO', () => {
  it('keeps a group in order when a record in its middle fails', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    await send('work.fifo', runId, [
      { name: 'A1', behaviour: 'ok' },
      { name: 'A2', behaviour: 'fail', untilReceive: 2 },
      { name: 'A3', behaviour: 'ok' },
      { name: 'A4', behaviour: 'ok' },
    ]);
    const runs = await observe(
      runId,
      'the whole group processed',
      (all) => all.flatMap(({ processedNames }) => processedNames).length === 4,
    );

    // Assess
    expect(runs.flatMap(({ processedNames }) => processedNames)).toEqual(['A1', 'A2', 'A3', 'A4']);
    // The failure's successors were handed back, not skipped: they come again after A2.
    const retried = runs.flatMap(({ seen }) => seen).filter((name) => name.endsWith('#2'));
    expect(retried).toEqual(['A2#2', 'A3#2', 'A4#2']);
    expect(fifoDlq.messages()).toHaveLength(0);
  });

  it('lets other message groups progress while one waits for a retry', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    await send('work.fifo', runId, [
      { name: 'A1', behaviour: 'fail', untilReceive: 2 },
      { name: 'A2', behaviour: 'ok' },
      { name: 'B1', behaviour: 'ok' },
      { name: 'B2', behaviour: 'ok' },
      { name: 'B3', behaviour: 'ok' },
    ]);
    const runs = await observe(
      runId,
      'both groups processed',
      (all) => all.flatMap(({ processedNames }) => processedNames).length === 5,
    );

    // Assess
    const processed = runs.flatMap(({ processedNames }) => processedNames);
    const groupA = processed.filter((name) => name.startsWith('A'));
    const groupB = processed.filter((name) => name.startsWith('B'));
    expect(groupA).toEqual(['A1', 'A2']);
    expect(groupB).toEqual(['B1', 'B2', 'B3']);
    // All of B was done before A1's retry was even delivered.
    const retryIndex = runs.findIndex(({ seen }) => seen.includes('A1#2'));
    const doneWithB = runs.findIndex(({ processedNames }) => processedNames.includes('B3'));
    expect(doneWithB).toBeLessThan(retryIndex);
  });
});

describe('batching window', () => {
  it('coalesces records into fewer, larger invocations on a standard queue', async () => {
    // Prepare: the windowed consumer takes 20 records in a 10 s window, the plain one 10 at once.
    const windowRun = newRunId();
    const plainRun = newRunId();
    const wave = (prefix: string, index: number) =>
      Array.from({ length: 5 }, (_, item) => ({
        name: `${prefix}${index}-${item}`,
        behaviour: 'ok' as const,
      }));
    /** Waits until the poller has taken every record sent so far, so the next wave comes later. */
    const taken = (queue: string) =>
      waitFor(`the ${queue} poller taking its wave`, async () => {
        const { Attributes: attributes } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: url(queue),
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        );
        return attributes?.ApproximateNumberOfMessages === '0' ? true : undefined;
      });

    // Act: four waves to each queue, each sent once the poller has taken the one before.
    for (let index = 0; index < 4; index += 1) {
      await send('batching', windowRun, wave('W', index));
      await taken('batching');
      await send('work', plainRun, wave('N', index));
      await taken('work');
    }
    const windowed = await observe(
      windowRun,
      '20 records through the window',
      (all) => all.flatMap(({ seen }) => seen).length === 20,
    );
    const plain = await observe(
      plainRun,
      '20 records without a window',
      (all) => all.flatMap(({ seen }) => seen).length === 20,
    );

    // Assess: the window held every wave for one invocation; without it, each wave had its own.
    expect(windowed.map(({ seen }) => seen.length)).toEqual([20]);
    expect(plain.length).toBeGreaterThanOrEqual(4);
    expect(windowed.flatMap(({ runRecords }) => runRecords.map(instructionOf))).toHaveLength(20);
  });
});
