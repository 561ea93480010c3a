import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type LocalCloud, startLocalCloud } from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeAnswer } from './fixture-service/src/probe.ts';
import {
  fixtureDir,
  type OfflineProcess,
  readyLine,
  startOffline,
} from './support/startOffline.ts';
import { fixtureQueueUrl, localClients } from './support/localClients.ts';
import { type Instruction, newRunId, observationsOf } from './support/observations.ts';
import { QueueCollector } from './support/QueueCollector.ts';
import { waitFor } from './support/waitFor.ts';

let cloud: LocalCloud | undefined;
let offline: OfflineProcess | undefined;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;
let observations: QueueCollector;

const markersTable = 'slc-fixture-test-orders';

const url = (name: string): string => fixtureQueueUrl(cloud!.endpoints, name);

const callProbe = async (
  behaviour: string,
  runId: string,
  route = 'probe',
  query = '',
): Promise<{ status: number; contentType: string; text: string }> => {
  const response = await fetch(`${offline!.httpUrl}/${route}/${behaviour}?runId=${runId}${query}`);
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
};

const probeAnswer = async (
  behaviour: string,
  runId: string,
  route = 'probe',
  query = '',
): Promise<ProbeAnswer> => {
  const { status, text } = await callProbe(behaviour, runId, route, query);
  expect(status).toBe(200);
  return JSON.parse(text) as ProbeAnswer;
};

const marker = async (runId: string, name: string): Promise<string | undefined> => {
  const { Item } = await dynamodb.send(
    new GetItemCommand({
      TableName: markersTable,
      Key: { pk: { S: runId }, sk: { S: name } },
      ConsistentRead: true,
    }),
  );
  return Item?.['instanceId']?.S;
};

/** The test's go-ahead: a lingering invocation would now do its late work. */
const giveGoAhead = async (runId: string): Promise<void> => {
  await dynamodb.send(
    new PutItemCommand({
      TableName: markersTable,
      Item: { pk: { S: runId }, sk: { S: 'go' } },
    }),
  );
};

/** A problem+json body, with nothing of the error's internals in it. */
const expectBareProblem = (text: string, status: number, title: string): void => {
  expect(JSON.parse(text)).toStrictEqual({
    type: 'about:blank',
    title,
    status,
    detail: expect.any(String) as unknown,
  });
  expect(text).not.toContain(fixtureDir.replace(/\/$/, ''));
  expect(text).not.toMatch(/stack|\bat \S+ \(|\.cjs|\.ts\b/i);
};

beforeAll(async () => {
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
  offline = await startOffline({ ports: cloud.ports, buildName: 'execution-environment' });
  await offline.waitForOutput(readyLine);
  ({ sqs, dynamodb } = localClients(cloud.endpoints));
  observations = new QueueCollector(sqs, url('observations')).start();
});

afterAll(async () => {
  await offline?.stop();
  await observations.stop();
  sqs.destroy();
  dynamodb.destroy();
  await cloud?.stop();
});

describe('HTTP functions', () => {
  it('answer 502 problem+json, without stack trace or paths, when the function throws', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    const { status, contentType, text } = await callProbe('throw', runId);

    // Assess
    expect(status).toBe(502);
    expect(contentType).toMatch(/^application\/problem\+json/);
    expectBareProblem(text, 502, 'Bad Gateway');
    // The whole error goes to the log instead.
    expect(offline!.output()).toContain(`told to throw, in ${fixtureDir.replace(/\/$/, '')}`);
  });

  it("answer a request no route matches as API Gateway does: 404 {message: 'Not Found'}", async () => {
    // Act
    const response = await fetch(`${offline!.httpUrl}/nowhere/${newRunId()}`, { method: 'POST' });

    // Assess
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toStrictEqual({ message: 'Not Found' });
  });

  it('answer 502 when the handler module throws as it loads, and log one init-failed line per attempt', async () => {
    // Prepare
    const before = offline!.output().length;
    const initFailedLines = () =>
      offline!
        .output()
        .slice(before)
        .match(/\(λ: initFails\) init failed: Error: initFails: told to fail while loading$/gm)
        ?.length ?? 0;

    // Act
    const first = await fetch(`${offline!.httpUrl}/init-fails`);
    const second = await fetch(`${offline!.httpUrl}/init-fails`);

    // Assess
    expect([first.status, second.status]).toStrictEqual([502, 502]);
    expectBareProblem(await first.text(), 502, 'Bad Gateway');
    // Each call tries a fresh environment, as Lambda retries an init; each failure says so.
    await waitFor('two init-failed lines', () => (initFailedLines() >= 2 ? true : undefined));
    expect(initFailedLines()).toBe(2);
  });

  it('answer 504 when the init outlasts its 10 s and the timeout, and log it as a timeout, not an init failure', async () => {
    // Prepare
    const before = offline!.output().length;

    // Act
    const response = await fetch(`${offline!.httpUrl}/init-slow`);

    // Assess
    expect(response.status).toBe(504);
    await waitFor('the timed-out line', () =>
      /\(λ: initSlow\) RequestId: \S+ +timed out after 2000 ms/.test(
        offline!.output().slice(before),
      )
        ? true
        : undefined,
    );
    // The stopped worker's init rejects too, before the timeout is logged: it is not a failure.
    expect(offline!.output().slice(before)).not.toContain('(λ: initSlow) init failed');
  });

  it('answer 504 problem+json on a timeout, stop the invocation, and run the next call in a fresh instance kept warm', async () => {
    // Prepare
    const runId = newRunId();
    const warm = await probeAnswer('ok', runId);

    // Act
    const timedOut = await callProbe('timeout', runId);
    await giveGoAhead(runId);
    const replacement = await probeAnswer('ok', runId);
    const next = await probeAnswer('ok', runId);
    // Read back many times: an invocation still running would see the go-ahead at its next read.
    const lateWrites = [];
    for (let read = 0; read < 20; read += 1) {
      lateWrites.push(await marker(runId, 'lateSideEffect'));
    }

    // Assess
    expect(timedOut.status).toBe(504);
    expect(timedOut.contentType).toMatch(/^application\/problem\+json/);
    expectBareProblem(timedOut.text, 504, 'Gateway Timeout');
    // The timed-out call ran in the warm instance, which was then replaced and the new one kept.
    expect(await marker(runId, 'started')).toBe(warm.instanceId);
    expect(replacement.instanceId).not.toBe(warm.instanceId);
    expect(next.instanceId).toBe(replacement.instanceId);
    // What the timed-out call would have done after the go-ahead never happened.
    expect(lateWrites.filter((write) => write !== undefined)).toEqual([]);
    expect(warm.functionName).toBe('slc-fixture-test-probe');
  });

  it('answer 502 when an uncaught exception ends the execution environment, and start a fresh one', async () => {
    // Prepare
    const runId = newRunId();
    const before = await probeAnswer('ok', runId);

    // Act
    const crashed = await callProbe('crash', runId);
    const after = await probeAnswer('ok', runId);

    // Assess
    expect(crashed.status).toBe(502);
    expectBareProblem(crashed.text, 502, 'Bad Gateway');
    expect(after.instanceId).not.toBe(before.instanceId);
    expect(offline!.output()).toContain('told to crash');
  });
});

describe('concurrency', () => {
  it('queues calls beyond a function’s reserved concurrency for its warm instance, each with its whole timeout', async () => {
    // Prepare: one instance at most; eight calls of 300 ms queue for longer than the 2 s timeout.
    const runId = newRunId();
    const warm = await probeAnswer('ok', runId, 'single');

    // Act
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => callProbe('slow', runId, 'single', '&ms=300')),
    );

    // Assess
    expect(answers.map(({ status }) => status)).toEqual(Array.from({ length: 8 }, () => 200));
    const instances = new Set(
      answers.map(({ text }) => (JSON.parse(text) as ProbeAnswer).instanceId),
    );
    expect([...instances]).toEqual([warm.instanceId]);
  });
});

describe('SQS functions', () => {
  it('stop a timed-out batch: its work after the timeout never happens, and the retry runs in a fresh instance', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url('work'),
        MessageBody: JSON.stringify({
          runId,
          name: 'L1',
          behaviour: 'timeout',
          untilReceive: 2,
        } satisfies Instruction),
      }),
    );
    const [lingering] = await observations.waitFor('the invocation that times out', (messages) => {
      const runs = observationsOf(messages, runId);
      return runs.length > 0 ? runs : undefined;
    });
    await offline!.waitForOutput(new RegExp(`RequestId: ${lingering!.requestId}\\s+timed out`));
    await giveGoAhead(runId);
    const runs = await observations.waitFor('the retry', (messages) => {
      const found = observationsOf(messages, runId);
      return found.some(({ outcome }) => outcome === 'returned') ? found : undefined;
    });

    // Assess
    expect(runs.map(({ outcome, seen }) => ({ outcome, seen }))).toEqual([
      { outcome: 'timedOut', seen: ['L1#1'] },
      { outcome: 'returned', seen: ['L1#2'] },
    ]);
    expect(runs[1]!.instanceId).not.toBe(lingering!.instanceId);
    expect(await marker(runId, 'lateSideEffect')).toBeUndefined();
    expect(lingering!.functionName).toBe('slc-fixture-test-standardConsumer');
  });

  it('keep each response of concurrent FIFO batches to the records of its own batch', async () => {
    // Prepare: 20 groups of 3, the second record of every other group failing once; each record
    // waits on I/O, so that batches overlap.
    const runId = newRunId();
    const groups = Array.from({ length: 20 }, (_, group) => `G${String(group).padStart(2, '0')}`);
    const entries = groups.flatMap((group, index) =>
      [1, 2, 3].map((item) => ({
        group,
        instruction: {
          runId,
          name: `${group}-${String(item)}`,
          behaviour: index % 2 === 0 && item === 2 ? ('fail' as const) : ('ok' as const),
          untilReceive: 2,
          delayMs: 50,
        } satisfies Instruction,
      })),
    );

    // Act
    for (let start = 0; start < entries.length; start += 10) {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url('work.fifo'),
          Entries: entries.slice(start, start + 10).map(({ group, instruction }) => ({
            Id: instruction.name,
            MessageBody: JSON.stringify(instruction),
            MessageGroupId: `${runId}-${group}`,
            MessageDeduplicationId: `${runId}-${instruction.name}`,
          })),
        }),
      );
    }
    const runs = await observations.waitFor('every record delivered', (messages) => {
      const found = observationsOf(messages, runId);
      return new Set(found.flatMap(({ seen }) => seen.map((name) => name.split('#')[0]))).size ===
        entries.length
        ? found
        : undefined;
    });

    // Assess
    const mostAtOnce = Math.max(
      ...runs.map(
        ({ startedAt }) =>
          runs.filter(
            (other) =>
              BigInt(other.startedAt) <= BigInt(startedAt) && BigInt(startedAt) < BigInt(other.at),
          ).length,
      ),
    );
    expect(mostAtOnce).toBeGreaterThan(1);
    for (const run of runs) {
      const ids = new Set(run.runRecords.map(({ messageId }) => messageId));
      // Told to fail on this receive, or after such a record in its group (skipGroupOnError).
      const expectedFailed = new Set<string>();
      const brokenGroups = new Set<string>();
      for (const record of run.runRecords) {
        const { behaviour } = JSON.parse(record.body) as Instruction;
        const group = record.attributes.MessageGroupId ?? '';
        if (
          brokenGroups.has(group) ||
          (behaviour === 'fail' && record.attributes.ApproximateReceiveCount === '1')
        ) {
          brokenGroups.add(group);
          expectedFailed.add(record.messageId);
        }
      }
      expect(run.failed.every((id) => ids.has(id))).toBe(true);
      expect(new Set(run.failed)).toEqual(expectedFailed);
    }
    expect(offline!.output()).not.toMatch(/not in the batch/);
  });
});
