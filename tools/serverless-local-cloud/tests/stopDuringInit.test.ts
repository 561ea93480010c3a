// Stopping offline (Ctrl-C, or npm start's supervisor at shutdown) while a function instance is
// still loading its handler stops that instance's init. That is not an init failure: the line
// that says one (what @conveyor/service-testing reads to stop a test's waits) must not appear.
import { type LocalCloud, startLocalCloud } from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfflineProcess, readyLine, startOffline } from './support/startOffline.ts';
import { waitFor } from './support/waitFor.ts';

let cloud: LocalCloud | undefined;
let offline: OfflineProcess | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
  offline = await startOffline({ ports: cloud.ports, buildName: 'stop-during-init' });
  await offline.waitForOutput(readyLine);
});

afterAll(async () => {
  await offline?.stop();
  await cloud?.stop();
});

describe('offline stopped while an instance loads its handler', () => {
  it('stops the init without reporting it as failed', async () => {
    // Prepare: initSlow's module blocks its worker thread for 30 s as it loads.
    const call = fetch(`${offline!.httpUrl}/init-slow`).catch(() => undefined);
    await waitFor('the instance loading its handler', () =>
      offline!.workerThreads() === 1 ? true : undefined,
    );

    // Act
    await offline!.stop();
    await call;

    // Assess
    expect(await offline!.exited).not.toBeNull();
    expect(offline!.output()).not.toMatch(/init failed/);
  });
});
