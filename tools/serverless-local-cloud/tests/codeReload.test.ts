// A source saved while `sls offline` runs: serverless-esbuild rebuilds, and offline refreshes the
// functions. As Lambda does on a code update, the invocation in flight finishes on the instance
// running it, which counts against the function's limit until then, and the calls after it, one
// already waiting included, run on a fresh instance.
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type LocalCloud, localRegion, startLocalCloud } from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeldRecord } from './fixture-service/src/probe.ts';
import { heldCalls, instanceOf } from './support/heldCalls.ts';
import { newRunId } from './support/observations.ts';
import { type OfflineProcess, readyLine, startOffline } from './support/startOffline.ts';
import { waitFor } from './support/waitFor.ts';

let cloud: LocalCloud | undefined;
let offline: OfflineProcess | undefined;
let dynamodb: DynamoDBClient | undefined;
let sqs: SQSClient | undefined;

// The one file this offline's watch looks at: writing it is saving a source, for this process
// alone.
const trigger = join(tmpdir(), `slc-reload-${randomUUID()}.txt`);

const { call, release, markerOf, linesOfOutput, requestsSeen } = heldCalls(
  () => offline!,
  () => dynamodb!,
  'slc-reload-test-markers',
);

const sendHeld = async (record: HeldRecord): Promise<void> => {
  await sqs!.send(
    new SendMessageCommand({
      QueueUrl: `${cloud!.endpoints.sqs}/000000000000/slc-reload-test-held`,
      MessageBody: JSON.stringify(record),
    }),
  );
};

// Each instance pool (offline's for HTTP, the plugin's for SQS) logs this at --verbose once it has
// retired the old instances and placed the calls that were waiting.
const refreshesSeen = (outcome: string): number =>
  linesOfOutput(`Function instances refreshed: ${outcome}`);

/** Saves the watched source and waits until a pool logs the refresh `outcome` describes. */
const saveAndAwaitRefresh = async (text: string, outcome: string): Promise<void> => {
  const before = refreshesSeen(outcome);
  writeFileSync(trigger, text);
  await waitFor(`a refresh with ${outcome}`, () =>
    refreshesSeen(outcome) > before ? true : undefined,
  );
};

beforeAll(async () => {
  writeFileSync(trigger, 'first build\n');
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
  offline = await startOffline({
    ports: cloud.ports,
    buildName: 'code-reload',
    config: 'serverless.reload.yml',
    env: { SLC_WATCH_PATTERN: trigger },
    args: ['--verbose'],
  });
  await offline.waitForOutput(readyLine);
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  dynamodb = new DynamoDBClient({
    region: localRegion,
    endpoint: cloud.endpoints.dynamodb,
    credentials,
  });
  sqs = new SQSClient({ region: localRegion, endpoint: cloud.endpoints.sqs, credentials });
});

afterAll(async () => {
  await offline?.stop();
  dynamodb?.destroy();
  sqs?.destroy();
  await cloud?.stop();
  rmSync(trigger, { force: true });
});

describe('a rebuild while offline runs', () => {
  it('lets the call in flight finish on its instance, then runs the waiting call on a fresh one', async () => {
    // Prepare: the function's one instance (reservedConcurrency 1) holding a call, and a second
    // call waiting for it.
    const runId = newRunId();
    const held = call(`hold?runId=${runId}&call=h`);
    await markerOf(runId, 'holding-h');
    const waiting = call('ok');
    await waitFor('the second call waiting for the instance', () =>
      requestsSeen('ok') >= 1 ? true : undefined,
    );

    // Act: a source saved. The held call keeps its instance, still counted against the limit of
    // one, so the waiting call stays queued (the refresh says so) until the held one ends.
    try {
      await saveAndAwaitRefresh(
        'saved\n',
        '0 idle stopped, 1 finishing their invocation first, 1 call(s) waiting for room',
      );
    } finally {
      // Even when the refresh is not seen: no call left hanging past the test.
      await release(runId, 'h');
    }
    const finished = await held;
    const afterRebuild = await waiting;

    // Assess
    expect([finished.status, afterRebuild.status]).toEqual([200, 200]);
    expect(instanceOf(afterRebuild)).not.toBe(instanceOf(finished));
    expect(offline!.output()).not.toMatch(/worker thread was stopped|instances were stopped/);
    // The old instance stops once its call has ended: at most the fresh one's thread is left.
    await waitFor('the old instance stopped', () =>
      offline!.workerThreads() <= 1 ? true : undefined,
    );
  });

  it('lets a batch in flight finish on its instance, then stops that instance', async () => {
    // Prepare: the consumer's one instance holding a record.
    const runId = newRunId();
    await sendHeld({ runId, name: 'h', hold: true });
    const began = await markerOf(runId, 'holding-h');

    // Act: a source saved; once the plugin's pool has retired the busy instance, the held record
    // let go, then another record sent.
    await saveAndAwaitRefresh(
      'saved again\n',
      '0 idle stopped, 1 finishing their invocation first',
    );
    await release(runId, 'h');
    const finished = await markerOf(runId, 'done-h-');
    await sendHeld({ runId, name: 'n', hold: false });
    const next = await markerOf(runId, 'done-n-');

    // Assess: the held record finished on its first receive, on the instance it began on (its
    // batch was not cut short, to come back after the visibility timeout); the next record ran
    // on a fresh instance.
    expect(finished).toEqual({ name: 'done-h-1', instanceId: began.instanceId });
    expect(next.name).toBe('done-n-1');
    expect(next.instanceId).not.toBe(began.instanceId);
    expect(offline!.output()).not.toMatch(/worker thread was stopped|instances were stopped/);
  });
});
