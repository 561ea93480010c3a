// Under npm start a service runs in a process group of its own, under `sh -c`: a SIGKILL of the
// supervisor reaches neither. The plugin watches the supervisor named in its environment and
// stops offline cleanly once it is gone, with the local cloud still up (so nothing else would
// have made it stop), freeing its ports for the next start.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type LocalCloud, startLocalCloud, supervisorPidVariable } from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patience } from './support/patience.ts';
import { answers } from './support/answers.ts';
import { type OfflineProcess, readyLine, startOffline } from './support/startOffline.ts';
import { waitFor } from './support/waitFor.ts';

let cloud: LocalCloud | undefined;
let offline: OfflineProcess | undefined;
// Started by the second test; stopped here too, should it not stop by itself.
let late: OfflineProcess | undefined;
// Stands in for npm start's supervisor: a process that only has to exist until killed.
let supervisor: ChildProcess | undefined;

beforeAll(async () => {
  supervisor = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
    stdio: 'ignore',
  });
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
  offline = await startOffline({
    ports: cloud.ports,
    buildName: 'supervisor-gone',
    env: { [supervisorPidVariable]: String(supervisor.pid) },
  });
  await offline.waitForOutput(readyLine);
});

afterAll(async () => {
  supervisor?.kill('SIGKILL');
  await offline?.stop();
  await late?.stop();
  await cloud?.stop();
});

/** Its exit code, once it exits; waited for as a condition, bounded by the tests' patience. */
const exitOf = async (offline: OfflineProcess): Promise<number | null> => {
  let exit: { code: number | null } | undefined;
  void offline.exited.then((code) => {
    exit = { code };
  });
  return (await waitFor('offline to exit', () => exit, { timeoutMs: patience.outcome })).code;
};

describe('a service whose supervisor is killed', () => {
  it('stops cleanly by itself and frees its HTTP port, with the local cloud still running', async () => {
    // Prepare
    const running = offline!;
    const standIn = supervisor!;
    expect(await answers(running.httpUrl)).toBe(true);

    // Act
    standIn.kill('SIGKILL');
    await once(standIn, 'exit');
    const code = await exitOf(running);

    // Assess
    expect(running.output()).toContain(
      `npm start's supervisor (pid ${String(standIn.pid)}) is gone: stopping.`,
    );
    expect(code).toBe(0);
    expect(await answers(running.httpUrl)).toBe(false);
    expect(await answers(cloud!.endpoints.sqs)).toBe(true);
  });

  it('stops before its build when the supervisor is already gone, as when killed during the start', async () => {
    // Prepare: a supervisor that has exited.
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(gone, 'exit');

    // Act
    const started = await startOffline({
      ports: cloud!.ports,
      buildName: 'supervisor-gone-early',
      env: { [supervisorPidVariable]: String(gone.pid) },
    });
    late = started;
    await exitOf(started);

    // Assess
    expect(started.output()).toContain(
      `npm start's supervisor (pid ${String(gone.pid)}) is gone: stopping.`,
    );
    expect(started.output()).not.toMatch(readyLine);
  });
});
