import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { supervisorPidVariable, watchSupervisor } from './watchSupervisor.ts';

const startStandIn = () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);

describe('watchSupervisor', () => {
  it('reports the supervisor gone once it is killed, naming its pid', async () => {
    // Prepare
    const standIn = startStandIn();
    const pid = standIn.pid ?? -1;
    const reports: number[] = [];
    const reported = new Promise<void>((resolve) => {
      watchSupervisor(
        { [supervisorPidVariable]: String(pid) },
        (gonePid) => {
          reports.push(gonePid);
          resolve();
        },
        20,
      );
    });

    // Act
    standIn.kill('SIGKILL');
    await once(standIn, 'exit');
    await reported;
    // A few more polls: it reports once.
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Assess
    expect(reports).toEqual([pid]);
  });

  it('reports nothing while the supervisor runs, nor after the watch is stopped', async () => {
    // Prepare
    const standIn = startStandIn();
    const reports: number[] = [];
    const unwatch = watchSupervisor(
      { [supervisorPidVariable]: String(standIn.pid) },
      (gonePid) => reports.push(gonePid),
      20,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const whileRunning = [...reports];

    // Act
    unwatch();
    standIn.kill('SIGKILL');
    await once(standIn, 'exit');
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Assess
    expect(whileRunning).toEqual([]);
    expect(reports).toEqual([]);
  });

  it('does nothing for a service started on its own, with no supervisor named', async () => {
    // Prepare
    const reports: number[] = [];

    // Act
    const unwatch = watchSupervisor({}, (gonePid) => reports.push(gonePid), 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
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
