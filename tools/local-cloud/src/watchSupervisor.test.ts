import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  launcherOf,
  supervisorPidVariable,
  watchLauncher,
  watchSupervisor,
} from './watchSupervisor.ts';

const standIns: ReturnType<typeof spawn>[] = [];
const startStandIn = () => {
  const standIn = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  standIns.push(standIn);
  return standIn;
};

// The sleeps run under `sh -c` wrappers: stopped here, on a failed test too.
const wrappedSleeps: number[] = [];

afterEach(() => {
  for (const standIn of standIns.splice(0)) standIn.kill('SIGKILL');
  for (const pid of wrappedSleeps.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
});

/** Watches `pid` every 20 ms, collecting what is reported; `reported` settles on the first. */
const watchCollecting = (pid: number | undefined) => {
  const reports: number[] = [];
  let firstReport: () => void = () => undefined;
  const reported = new Promise<void>((resolve) => {
    firstReport = resolve;
  });
  const unwatch = watchSupervisor(
    { [supervisorPidVariable]: String(pid) },
    (gonePid) => {
      reports.push(gonePid);
      firstReport();
    },
    20,
  );
  return { reports, reported, unwatch };
};

describe('watchSupervisor', () => {
  it('reports the supervisor gone once it is killed, naming its pid, once', async () => {
    // Prepare
    const standIn = startStandIn();
    const pid = standIn.pid ?? -1;
    const { reports, reported } = watchCollecting(pid);

    // Act
    standIn.kill('SIGKILL');
    await once(standIn, 'exit');
    await reported;
    await sleep(100);

    // Assess
    expect(reports).toEqual([pid]);
  });

  it('reports a killed supervisor left a zombie (no one reaps it) as gone', async () => {
    // Prepare: `exec sleep` becomes the parent of the short sleep and never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 30']);
    standIns.push(parent);
    const [line] = (await once(parent.stdout, 'data')) as [Buffer];
    const zombiePid = Number(line.toString().trim());

    // Act
    const { reports, reported } = watchCollecting(zombiePid);
    await reported;

    // Assess: it still takes signals, yet counts as gone.
    expect(() => process.kill(zombiePid, 0)).not.toThrow();
    expect(reports).toEqual([zombiePid]);
  });

  it('reports a supervisor already gone at once, without waiting for a poll', async () => {
    // Prepare
    const standIn = startStandIn();
    const pid = standIn.pid ?? -1;
    standIn.kill('SIGKILL');
    await once(standIn, 'exit');

    // Act
    const { reports } = watchCollecting(pid);

    // Assess
    expect(reports).toEqual([pid]);
  });

  it('reports nothing while the supervisor runs', async () => {
    // Prepare
    const standIn = startStandIn();

    // Act
    const { reports, unwatch } = watchCollecting(standIn.pid);
    await sleep(100);
    unwatch();

    // Assess
    expect(reports).toEqual([]);
  });

  it('reports nothing once the watch is stopped', async () => {
    // Prepare
    const standIn = startStandIn();
    const { reports, unwatch } = watchCollecting(standIn.pid);

    // Act
    unwatch();
    standIn.kill('SIGKILL');
    await once(standIn, 'exit');
    await sleep(100);

    // Assess
    expect(reports).toEqual([]);
  });

  it('does nothing for a service started on its own, with no supervisor named', async () => {
    // Prepare
    const reports: number[] = [];

    // Act
    const unwatch = watchSupervisor({}, (gonePid) => reports.push(gonePid), 1);
    await sleep(50);
    unwatch();

    // Assess
    expect(reports).toEqual([]);
  });

  it('refuses a value that is not a process id', () => {
    // Act
    const watching = () => watchSupervisor({ [supervisorPidVariable]: 'npm' }, () => undefined);

    // Assess
    expect(watching).toThrow('CONVEYOR_SUPERVISOR_PID must be a process id; it is "npm".');
  });
});

/**
 * Starts `launcher`: a process that runs `sleep` under `sh -c`, as Nx's run-commands runs
 * `sls offline start`. Resolves with the sleep's pid.
 */
const startWrappedSleep = async (launcher: ReturnType<typeof spawn>): Promise<number> => {
  const [line] = (await once(launcher.stdout ?? launcher, 'data')) as [Buffer];
  const pid = Number(line.toString().trim());
  wrappedSleeps.push(pid);
  return pid;
};

const wrappedSleepScript = `
  const { spawn } = require('node:child_process');
  // "& ... wait" keeps the shell from exec'ing the sleep: it stays its parent, as in Nx's runs.
  const shell = spawn('sh', ['-c', 'sleep 30 & echo $!; wait'], { stdio: ['ignore', 'inherit', 'inherit'] });
  setInterval(() => {}, 1000);
`;

describe('launcherOf', () => {
  it("skips a sh -c wrapper to the process that ran it, and names a plain child's parent", async () => {
    // Prepare
    const wrapper = spawn('sh', ['-c', 'sleep 30 & echo $!; wait']);
    standIns.push(wrapper);
    const wrapped = await startWrappedSleep(wrapper);
    const child = startStandIn();

    // Act
    const ofWrapped = launcherOf(wrapped);
    const ofChild = launcherOf(child.pid ?? -1);

    // Assess
    expect(ofWrapped).toBe(process.pid);
    expect(ofChild).toBe(process.pid);
  });

  it('names nothing for a process that does not exist', () => {
    // Act
    const launcher = launcherOf(2 ** 22 + 1);

    // Assess
    expect(launcher).toBeUndefined();
  });
});

describe('watchLauncher', () => {
  it('reports the launcher gone once it is killed, though the sh -c wrapper lives on', async () => {
    // Prepare
    const launcher = spawn(process.execPath, ['-e', wrappedSleepScript]);
    standIns.push(launcher);
    const wrapped = await startWrappedSleep(launcher);
    const reports: number[] = [];
    let reported: () => void = () => undefined;
    const first = new Promise<void>((resolve) => {
      reported = resolve;
    });
    const unwatch = watchLauncher(
      (pid) => {
        reports.push(pid);
        reported();
      },
      20,
      wrapped,
    );
    await sleep(100);
    const beforeKill = [...reports];

    // Act
    launcher.kill('SIGKILL');
    await once(launcher, 'exit');
    await first;
    unwatch();

    // Assess
    expect(beforeKill).toEqual([]);
    expect(reports).toEqual([launcher.pid]);
  });
});
