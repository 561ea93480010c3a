// What `npm start` costs the machine: memory (PSS) and CPU time of its process tree, read from
// /proc (Linux). PSS (proportional set size) shares each page among the processes mapping it,
// so the sum over a tree counts shared libraries and copy-on-write pages once, unlike RSS.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One process as /proc/<pid>/stat shows it. */
export interface ProcessStat {
  readonly pid: number;
  readonly ppid: number;
  /** User plus system CPU time, in clock ticks. */
  readonly cpuTicks: number;
}

/**
 * Reads /proc/<pid>/stat. Fields count from after the command name, which is in parentheses and
 * may hold spaces: state is field 3, ppid 4, utime 14, stime 15.
 */
export const parseProcStat = (text: string): ProcessStat | undefined => {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const ppid = Number(fields[1]);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (![pid, ppid, utime, stime].every(Number.isFinite)) return undefined;
  return { pid, ppid, cpuTicks: utime + stime };
};

/** The `Pss:` line of /proc/<pid>/smaps_rollup, in KiB; undefined when absent. */
export const parsePssKib = (smapsRollup: string): number | undefined => {
  const match = /^Pss:\s+(\d+)\s+kB$/m.exec(smapsRollup);
  return match === null ? undefined : Number(match[1]);
};

/** What a process of `npm start` is, from its command line, to say where the memory goes. */
export const ProcessRole = {
  npm: 'npm',
  supervisor: 'npm start supervisor',
  localCloud: 'local cloud',
  offline: 'serverless offline',
  esbuild: 'esbuild',
  nxWorker: 'Nx plugin worker',
  shell: 'shell',
  other: 'other',
} as const;
export type ProcessRole = (typeof ProcessRole)[keyof typeof ProcessRole];

/** The role of a process from its command line (arguments joined by spaces). */
export const processRoleOf = (commandLine: string): ProcessRole => {
  if (/tools\/local-cloud\/src\/startAll\.ts/.test(commandLine)) return ProcessRole.supervisor;
  if (/tools\/local-cloud\/src\/main\.ts/.test(commandLine)) return ProcessRole.localCloud;
  // `sh -c "sls offline start"`: the service command's shell, before what it names.
  if (/^(\/bin\/|\/usr\/bin\/)?(sh|bash|dash) /.test(commandLine)) return ProcessRole.shell;
  if (/\besbuild\b/.test(commandLine)) return ProcessRole.esbuild;
  if (/(serverless|osls|\bsls)\b/.test(commandLine)) return ProcessRole.offline;
  if (/\bnx\b.*(plugin|worker|daemon)|plugin-worker/.test(commandLine)) return ProcessRole.nxWorker;
  if (/npm-cli\.js|(^|\/)npm( |$)/.test(commandLine)) return ProcessRole.npm;
  return ProcessRole.other;
};

/** Every process below `root` (not `root` itself), from a list of processes. */
export const descendantsOf = (root: number, processes: readonly ProcessStat[]): number[] => {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of processes) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const queue = [root];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
};

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // Gone meanwhile, or not ours to read.
    return undefined;
  }
};

/** Every process /proc lists now. */
export const listProcesses = (): ProcessStat[] =>
  readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    const text = readText(`/proc/${entry}/stat`);
    const stat = text === undefined ? undefined : parseProcStat(text);
    return stat === undefined ? [] : [stat];
  });

const commandLineOf = (pid: number): string =>
  (readText(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean).join(' ');

/** One process of the tree, measured. */
export interface MeasuredProcess {
  readonly pid: number;
  readonly role: ProcessRole;
  readonly pssKib: number;
  readonly cpuTicks: number;
}

/** A process tree at one moment. */
export interface TreeSample {
  readonly at: number;
  readonly processes: readonly MeasuredProcess[];
}

/**
 * Measures `root` and everything below it; with `includeParentIfNpm`, also its parent when that
 * is npm (`npm start` leaves npm waiting above the supervisor it exec'd).
 */
export const sampleTree = (root: number, includeParentIfNpm = true): TreeSample => {
  const processes = listProcesses();
  const pids = [root, ...descendantsOf(root, processes)];
  const parent = processes.find((process) => process.pid === root)?.ppid;
  if (
    includeParentIfNpm &&
    parent !== undefined &&
    processRoleOf(commandLineOf(parent)) === ProcessRole.npm
  ) {
    pids.unshift(parent);
  }
  const byPid = new Map(processes.map((process) => [process.pid, process]));
  return {
    at: Date.now(),
    processes: pids.flatMap((pid) => {
      const stat = byPid.get(pid);
      const pss = parsePssKib(readText(`/proc/${pid}/smaps_rollup`) ?? '');
      if (stat === undefined || pss === undefined) return [];
      return [
        { pid, role: processRoleOf(commandLineOf(pid)), pssKib: pss, cpuTicks: stat.cpuTicks },
      ];
    }),
  };
};

/** Memory of a sample: the total and per role, in MiB. */
export interface MemorySummary {
  readonly processes: number;
  readonly pssMib: number;
  readonly byRole: readonly { role: ProcessRole; processes: number; pssMib: number }[];
}

export const summarizeMemory = (sample: TreeSample): MemorySummary => {
  const byRole = new Map<ProcessRole, { role: ProcessRole; processes: number; pssMib: number }>();
  for (const process of sample.processes) {
    const entry = byRole.get(process.role) ?? { role: process.role, processes: 0, pssMib: 0 };
    entry.processes += 1;
    entry.pssMib += process.pssKib / 1024;
    byRole.set(process.role, entry);
  }
  return {
    processes: sample.processes.length,
    pssMib: sample.processes.reduce((sum, process) => sum + process.pssKib, 0) / 1024,
    byRole: [...byRole.values()].sort((a, b) => b.pssMib - a.pssMib),
  };
};

/**
 * CPU time used between two samples of a tree, in seconds: the processes present in both count
 * their difference; one that started in between counts all its time (one that ended is lost,
 * which an idle window rarely sees).
 */
export const cpuSecondsBetween = (
  before: TreeSample,
  after: TreeSample,
  ticksPerSecond: number,
): number => {
  const earlier = new Map(before.processes.map((process) => [process.pid, process.cpuTicks]));
  const ticks = after.processes.reduce(
    (sum, process) => sum + process.cpuTicks - (earlier.get(process.pid) ?? 0),
    0,
  );
  return ticks / ticksPerSecond;
};

/** CPU used between two samples of a tree, in percent of one core (see `cpuSecondsBetween`). */
export const cpuPercentBetween = (
  before: TreeSample,
  after: TreeSample,
  ticksPerSecond: number,
): number => {
  const seconds = (after.at - before.at) / 1000;
  return seconds <= 0 ? 0 : (100 * cpuSecondsBetween(before, after, ticksPerSecond)) / seconds;
};

/** Clock ticks per second (`getconf CLK_TCK`); 100, Linux's usual, if it cannot be asked. */
export const clockTicksPerSecond = (): number => {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
};
