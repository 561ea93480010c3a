import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RestartBackoff } from '../src/restartBackoff.ts';
import { type ServiceProcess, startServiceProcess, waitUntilReady } from '../src/serviceProcess.ts';
import { SupervisedPart } from '../src/supervisedPart.ts';
import { freePort } from './support/fakeServices.ts';
import { isAlive } from './support/runScript.ts';
import { waitFor } from './support/waitFor.ts';
import { patience } from './support/patience.ts';

const fakeService = fileURLToPath(new URL('fixtures/fakeService.ts', import.meta.url));

let part: SupervisedPart | undefined;

afterEach(async () => {
  await part?.stop();
  part = undefined;
});

/** A supervised fake service; `runs` collects every process it launched. */
const supervise = (mode: string, port: number, log: string[], runs: ServiceProcess[]) =>
  new SupervisedPart({
    name: `fake-${mode}`,
    launch: () => {
      const child = startServiceProcess({
        name: `fake-${mode}`,
        command: process.execPath,
        args: [fakeService, mode, String(port)],
        cwd: process.cwd(),
        env: process.env,
        onLine: () => undefined,
      });
      runs.push(child);
      return {
        process: child,
        ready: waitUntilReady(child, { httpPort: port, timeoutMs: patience.startup }),
      };
    },
    log: (line) => log.push(line),
    backoff: new RestartBackoff({ firstMs: 100, maxMs: 400, stableMs: 60_000 }),
  });

describe('SupervisedPart', () => {
  it('restarts a part that keeps dying, one line each time, waiting longer each time up to the cap', async () => {
    // Prepare
    const log: string[] = [];
    const runs: ServiceProcess[] = [];
    part = supervise('flaky', await freePort(), log, runs);

    // Act
    await part.start();
    await waitFor(() => log.length >= 4, 'four restarts');

    // Assess
    expect(log.slice(0, 4)).toEqual([
      'exited (code 4); restarting it in 0.1 s.',
      'exited (code 4); restarting it in 0.2 s.',
      'exited (code 4); restarting it in 0.4 s.',
      'exited (code 4); restarting it in 0.4 s.',
    ]);
    expect(runs.length).toBeGreaterThanOrEqual(4);
  });

  it('restarts a part on purpose without a crash line, and stops it for good', async () => {
    // Prepare
    const log: string[] = [];
    const runs: ServiceProcess[] = [];
    part = supervise('ready', await freePort(), log, runs);
    await part.start();
    const [first] = runs;

    // Act
    await part.restart();
    const second = part.process;
    await part.stop();

    // Assess
    expect(runs).toHaveLength(2);
    expect(second).toBe(runs[1]);
    expect(first === undefined ? true : isAlive(first.pid)).toBe(false);
    expect(second === undefined ? true : isAlive(second.pid)).toBe(false);
    expect(log).toEqual([]);
  });

  it('is ready after its restart, and two restarts at once leave one new run', async () => {
    // Prepare: as when the local cloud dies again while the services restart.
    const log: string[] = [];
    const runs: ServiceProcess[] = [];
    part = supervise('ready', await freePort(), log, runs);
    await part.start();
    const readyAtFirst = part.isReady;

    // Act
    const restarting = Promise.all([part.restart(), part.restart()]);
    const readyWhileRestarting = part.isReady;
    await restarting;
    const readyAfter = part.isReady;
    const current = part.process;
    await part.stop();

    // Assess
    expect(readyAtFirst).toBe(true);
    expect(readyWhileRestarting).toBe(false);
    expect(readyAfter).toBe(true);
    expect(runs).toHaveLength(2);
    expect(current).toBe(runs[1]);
    expect(runs.filter((run) => isAlive(run.pid))).toEqual([]);
    expect(log).toEqual([]);
  });

  it('does not restart a part whose first start failed', async () => {
    // Prepare
    const log: string[] = [];
    const runs: ServiceProcess[] = [];
    part = supervise('crash', await freePort(), log, runs);

    // Act
    const started = part.start();

    // Assess
    await expect(started).rejects.toThrow(/exited with code 3 before it was ready/);
    expect(runs).toHaveLength(1);
    expect(log).toEqual([]);
  });
});
