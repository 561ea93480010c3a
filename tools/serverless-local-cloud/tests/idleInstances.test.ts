// Lambda reclaims an execution environment left idle; offline stops an idle instance after
// terminateIdleLambdaTime. The plugin's pollers invoke through a pool of their own, which must
// stop its idle instances too: each is a worker thread holding its heap.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type LocalCloud, startLocalCloud } from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureQueueUrl, localClients } from './support/localClients.ts';
import { newRunId, observationsOf, type RunObservation } from './support/observations.ts';
import { QueueCollector } from './support/QueueCollector.ts';
import { type OfflineProcess, readyLine, startOffline } from './support/startOffline.ts';
import { waitFor } from './support/waitFor.ts';

let cloud: LocalCloud | undefined;
let offline: OfflineProcess | undefined;
let sqs: SQSClient | undefined;
let observations: QueueCollector | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
  offline = await startOffline({
    ports: cloud.ports,
    buildName: 'idle-instances',
    args: ['--terminateIdleLambdaTime', '1'],
  });
  await offline.waitForOutput(readyLine);
  const clients = localClients(cloud.endpoints);
  sqs = clients.sqs;
  observations = new QueueCollector(sqs, fixtureQueueUrl(cloud.endpoints, 'observations')).start();
});

afterAll(async () => {
  // Each part stops even when beforeAll failed before starting the next.
  await offline?.stop();
  await observations?.stop();
  sqs?.destroy();
  await cloud?.stop();
});

const consume = async (runId: string, name: string): Promise<RunObservation> => {
  await sqs!.send(
    new SendMessageCommand({
      QueueUrl: fixtureQueueUrl(cloud!.endpoints, 'work'),
      MessageBody: JSON.stringify({ runId, name, behaviour: 'ok' }),
    }),
  );
  return waitFor(`${name} consumed`, () =>
    observationsOf(observations!.messages(), runId).find(({ seen }) => seen.includes(`${name}#1`)),
  );
};

describe("a poller's function instances", () => {
  it('are stopped once idle for terminateIdleLambdaTime, and the next record gets a fresh one', async () => {
    // Prepare: one instance, started by a record.
    const runId = newRunId();
    const first = await consume(runId, 'I1');

    // Act: wait for the pool to stop it, then send another record.
    await waitFor('the idle instance stopped', () =>
      offline!.workerThreads() === 0 ? true : undefined,
    );
    const second = await consume(runId, 'I2');

    // Assess: no thread was left, and the first instance did not serve again.
    expect(second.instanceId).not.toBe(first.instanceId);
    expect(second.functionName).toBe(first.functionName);
  });
});
