import { readFileSync } from 'node:fs';

/** A process as noted: with its start time where /proc has it, so a reused pid is not taken for it. */
export interface NotedProcess {
  readonly pid: number;
  readonly startTime: string | undefined;
}

/** Sends `signal` (0: only checks it exists); false when there is no such process. */
export const signalPid = (pid: number, signal: NodeJS.Signals | 0): boolean => {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return signal === 0 && (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const statFields = (pid: number): string[] | undefined => {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    // Counted after the parenthesised command name, which may hold spaces: state is field 3.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
};

// A zombie still takes signals but is gone for our purposes; its reaper may be slow (or absent,
// under a container init that does not reap).
const isZombie = (pid: number): boolean => statFields(pid)?.[0] === 'Z';

const startTimeOf = (pid: number): string | undefined => statFields(pid)?.[19];

/** Whether `pid` runs: it takes signals and is no zombie. */
export const isAlive = (pid: number): boolean => signalPid(pid, 0) && !isZombie(pid);

/** Notes `pid` with its start time (none where there is no /proc). */
export const noteProcess = (pid: number): NotedProcess => ({ pid, startTime: startTimeOf(pid) });

/** Whether the noted process still runs: alive, and its pid not reused since it was noted. */
export const isStillAlive = ({ pid, startTime }: NotedProcess): boolean =>
  isAlive(pid) && (startTime === undefined || startTimeOf(pid) === startTime);
