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

// /proc/<pid>/stat's fields 3 (state), 4 (parent) and 22 (start time), counted from the state.
const stateField = 0;
const parentField = 1;
const startTimeField = 19;

const statFields = (pid: number): string[] | undefined => {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    // After the parenthesised command name, which may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
};

/** The parent of `pid`, from /proc; undefined where there is no such process or no /proc. */
export const parentPidOf = (pid: number): number | undefined => {
  const ppid = Number(statFields(pid)?.[parentField]);
  return Number.isSafeInteger(ppid) && ppid > 0 ? ppid : undefined;
};

/** Notes `pid` with its start time (none where there is no /proc). */
export const noteProcess = (pid: number): NotedProcess => ({
  pid,
  startTime: statFields(pid)?.[startTimeField],
});

/**
 * Whether the noted process still runs: it takes signals, is no zombie (which still takes
 * signals, its reaper slow or absent under a container init that does not reap), and its pid is
 * not reused since it was noted. One read of /proc.
 */
export const isStillAlive = ({ pid, startTime }: NotedProcess): boolean => {
  if (!signalPid(pid, 0)) return false;
  const fields = statFields(pid);
  if (fields?.[stateField] === 'Z') return false;
  return startTime === undefined || fields?.[startTimeField] === startTime;
};
