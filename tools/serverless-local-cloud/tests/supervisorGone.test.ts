// Under npm start a service runs in a process group of its own, under `sh -c`: a SIGKILL of the
// supervisor reaches neither. The plugin watches the supervisor named in its environment and
// stops offline cleanly once it is gone, with the local cloud still up (so nothing else would
// have made it stop), freeing its ports for the next start.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { type LocalCloud, startLocalCloud, supervisorPidVariable } from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patience } from './support/patience.ts';
import { type OfflineProcess, readyLine, startOffline } from './support/startOffline.ts';
import { waitFor } from './support/waitFor.ts';

let cloud: LocalCloud | undefined;
let offline: OfflineProcess | undefined;
// Stands in for npm start's supervisor: a process that only has to exist until killed.
const supervisor = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
  stdio: 'ignore',
});

beforeAll(async () => {
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
  offline = await startOffline({
    ports: cloud.ports,
    buildName: 'supervisor-gone',
    env: { [supervisorPidVariable]: String(supervisor.pid) },
  });
  await offline.waitForOutput(readyLine);
});

afterAll(async () => {
  supervisor.kill('SIGKILL');
  await offline?.stop();
  await cloud?.stop();
});

const answers = async (url: string): Promise<boolean> =>
  fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
    () => true,
    () => false,
  );

describe('a service whose supervisor is killed', () => {
  it('stops cleanly by itself and frees its HTTP port, with the local cloud still running', async () => {
    // Prepare
    const running = offline!;
    expect(await answers(running.httpUrl)).toBe(true);

    // Act
    supervisor.kill('SIGKILL');
    await once(supervisor, 'exit');
    const code = await Promise.race([
      running.exited,
      waitFor('offline to exit', () => undefined, { timeoutMs: patience.outcome }),
    ]);

    // Assess
    expect(running.output()).toContain(
      `npm start's supervisor (pid ${String(supervisor.pid)}) is gone: stopping.`,
    );
    expect(code).toBe(0);
    expect(await answers(running.httpUrl)).toBe(false);
    expect(await answers(cloud!.endpoints.sqs)).toBe(true);
  });
});
