// Under npm start no service serves a request or polls a queue before every service has
// provisioned its resources: an event published before its consumer's queue is subscribed would
// be dropped, as SNS drops it in AWS. Here the fixture stands for one service of two; the other,
// slow to provision (a restart after an in-memory local cloud came back empty, say), holds it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LocalCloud,
  markProvisioned,
  openProvisionBarrier,
  provisionBarrierVariable,
  provisionNameVariable,
  startLocalCloud,
  unprovisionedServices,
} from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers } from './support/answers.ts';
import { type OfflineProcess, readyLine, startOffline } from './support/startOffline.ts';

let cloud: LocalCloud | undefined;
let offline: OfflineProcess | undefined;
const parent = mkdtempSync(join(tmpdir(), 'provision-barrier-'));
const barrier = join(parent, 'barrier');

beforeAll(async () => {
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
});

afterAll(async () => {
  await offline?.stop();
  await cloud?.stop();
  rmSync(parent, { recursive: true, force: true });
});

describe('a service under npm start, another still provisioning', () => {
  it('marks itself provisioned under the name npm start gave it, then serves and polls only once the other is too', async () => {
    // Prepare
    openProvisionBarrier(barrier, ['fixture', 'slow-service']);

    // Act
    offline = await startOffline({
      ports: cloud!.ports,
      buildName: 'provision-barrier',
      env: { [provisionBarrierVariable]: barrier, [provisionNameVariable]: 'fixture' },
    });
    // Held, or (were it not) polling at once: either ends the wait.
    await offline.waitForOutput(
      new RegExp(`waiting for slow-service to provision its resources|${readyLine.source}`),
    );
    const held = {
      said: /waiting for slow-service to provision its resources/.test(offline.output()),
      unprovisioned: unprovisionedServices(barrier),
      answers: await answers(offline.httpUrl),
      polling: readyLine.test(offline.output()),
    };
    markProvisioned(barrier, 'slow-service');
    await offline.waitForOutput(readyLine);

    // Assess
    expect(held).toEqual({
      said: true,
      unprovisioned: ['slow-service'],
      answers: false,
      polling: false,
    });
    expect(await answers(offline.httpUrl)).toBe(true);
  });
});
