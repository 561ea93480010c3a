import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  freePorts,
  type LocalCloud,
  type LocalCloudPorts,
  startLocalCloud,
} from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureQueueUrl, localClients } from './support/localClients.ts';
import { newRunId, observationsOf } from './support/observations.ts';
import { QueueCollector } from './support/QueueCollector.ts';
import { type OfflineProcess, readyLine, startOffline } from './support/startOffline.ts';

let dataDir: string;
let ports: LocalCloudPorts;
let cloud: LocalCloud | undefined;
let offline: OfflineProcess | undefined;
const clients: SQSClient[] = [];

const startCloud = async (): Promise<LocalCloud> => {
  cloud = await startLocalCloud({ dataDir, ports });
  return cloud;
};

const sqsFor = (running: LocalCloud): SQSClient => {
  const { sqs } = localClients(running.endpoints);
  clients.push(sqs);
  return sqs;
};

const sendInstruction = (
  sqs: SQSClient,
  running: LocalCloud,
  runId: string,
  name: string,
): Promise<unknown> =>
  sqs.send(
    new SendMessageCommand({
      QueueUrl: fixtureQueueUrl(running.endpoints, 'work'),
      MessageBody: JSON.stringify({ runId, name, behaviour: 'ok' }),
    }),
  );

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'slc-persistence-'));
  const [fauxqs = 0, dynamodb = 0, ses = 0] = await freePorts(3);
  ports = { fauxqs, dynamodb, ses };
});

afterAll(async () => {
  await offline?.stop();
  for (const client of clients) {
    client.destroy();
  }
  await cloud?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('persistence', () => {
  it('delivers a message queued before a local-cloud restart after it', async () => {
    // Prepare: provision, then queue a message while no consumer runs.
    const runId = newRunId();
    const first = await startCloud();
    offline = await startOffline({ ports, buildName: 'persistence' });
    await offline.waitForOutput(readyLine);
    await offline.stop();
    await sendInstruction(sqsFor(first), first, runId, 'K1');
    await first.stop();

    // Act
    const second = await startCloud();
    offline = await startOffline({ ports, buildName: 'persistence' });
    await offline.waitForOutput(readyLine);
    const observations = new QueueCollector(
      sqsFor(second),
      fixtureQueueUrl(second.endpoints, 'observations'),
    ).start();
    const runs = await observations
      .waitFor('K1 after the restart', (messages) => {
        const found = observationsOf(messages, runId);
        return found.length > 0 ? found : undefined;
      })
      .finally(() => observations.stop());

    // Assess
    expect(runs.flatMap(({ seen }) => seen)).toEqual(['K1#1']);
    expect(offline.output()).toMatch(/0 created, 0 updated/);
  });

  it('keeps polling through a local-cloud restart while offline runs', async () => {
    // Prepare
    const runId = newRunId();
    await cloud!.stop();

    // Act
    const restarted = await startCloud();
    const sqs = sqsFor(restarted);
    await sendInstruction(sqs, restarted, runId, 'K2');
    const observations = new QueueCollector(
      sqs,
      fixtureQueueUrl(restarted.endpoints, 'observations'),
    ).start();
    const runs = await observations
      .waitFor('K2 after the restart', (messages) => {
        const found = observationsOf(messages, runId);
        return found.length > 0 ? found : undefined;
      })
      .finally(() => observations.stop());

    // Assess
    // The SDK's own retries may bridge a short restart, so the runner need not have logged it.
    expect(runs.flatMap(({ processedNames }) => processedNames)).toEqual(['K2']);
  });
});
