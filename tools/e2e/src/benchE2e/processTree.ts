// What `npm start` costs the machine: memory (PSS) and CPU time of its process tree, read from
// /proc (Linux). PSS (proportional set size) shares each page among the processes mapping it,
// so the sum over a tree counts shared libraries and copy-on-write pages once, unlike RSS.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** One process (or thread: /proc/<pid>/task/<tid>/stat) as its stat file shows it. */
export interface ProcessStat {
  readonly pid: number;
  readonly ppid: number;
  /** The command name, or the thread's name (Node names its threads: `MainThread`, ...). */
  readonly name: string;
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
  return { pid, ppid, name: text.slice(open + 1, close), cpuTicks: utime + stime };
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
export const descendantsOf = (
  root: number,
  processes: readonly Pick<ProcessStat, 'pid' | 'ppid'>[],
): number[] => {
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

// The stat files of `<dir>/<id>/stat`: processes under /proc, threads under /proc/<pid>/task.
const statsIn = (dir: string, entries: readonly string[]): ProcessStat[] =>
  entries.flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    const text = readText(`${dir}/${entry}/stat`);
    const stat = text === undefined ? undefined : parseProcStat(text);
    return stat === undefined ? [] : [stat];
  });

/** Every process /proc lists now. */
export const listProcesses = (): ProcessStat[] => statsIn('/proc', readdirSync('/proc'));

const commandLineOf = (pid: number): string =>
  (readText(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean).join(' ');

/** One thread of a process, measured. */
export interface MeasuredThread {
  readonly tid: number;
  readonly name: string;
  readonly cpuTicks: number;
}

/** One process of the tree, measured. */
export interface MeasuredProcess {
  readonly pid: number;
  readonly role: ProcessRole;
  /** The service a serverless offline process runs (its working folder, `services/<name>`). */
  readonly service: string | undefined;
  readonly pssKib: number;
  /** Every thread's time, and that of the threads already gone. */
  readonly cpuTicks: number;
  readonly threads: readonly MeasuredThread[];
}

/** A process tree at one moment. */
export interface TreeSample {
  readonly at: number;
  readonly processes: readonly MeasuredProcess[];
}

const threadsOf = (pid: number): MeasuredThread[] => {
  const dir = `/proc/${String(pid)}/task`;
  let tids: string[];
  try {
    tids = readdirSync(dir);
  } catch {
    return [];
  }
  return statsIn(dir, tids).map(({ pid: tid, name, cpuTicks }) => ({ tid, name, cpuTicks }));
};

/** The service whose folder a process runs in: `.../services/<name>`. */
export const serviceOfFolder = (folder: string): string | undefined =>
  /\/services\/([^/]+)\/?$/.exec(folder)?.[1];

const folderOf = (pid: number): string => {
  try {
    return readlinkSync(`/proc/${String(pid)}/cwd`);
  } catch {
    return '';
  }
};

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
      const role = processRoleOf(commandLineOf(pid));
      return [
        {
          pid,
          role,
          service: role === ProcessRole.offline ? serviceOfFolder(folderOf(pid)) : undefined,
          pssKib: pss,
          cpuTicks: stat.cpuTicks,
          threads: threadsOf(pid),
        },
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

/** Where a thread's CPU time goes in the report. */
export const CpuPart = {
  localCloud: 'local cloud (its one JavaScript thread)',
  supervisor: 'npm start supervisor',
  v8Helpers: "V8's helper threads, every process (GC, compilation)",
  other: 'other threads and processes',
  ended: 'threads that ended between the samples',
} as const;

/**
 * The part a thread's time counts to. Node names its threads: `MainThread`, `WorkerThread` (a
 * worker: in serverless offline, one function instance), `V8Worker` and `DelayedTaskSche`
 * (V8's platform threads: concurrent GC and compilation), `libuv-worker`, `SignalInspector`.
 */
export const cpuPartOf = (
  process: Pick<MeasuredProcess, 'role' | 'service'>,
  thread: string,
): string => {
  if (thread === 'V8Worker' || thread.startsWith('DelayedTask')) return CpuPart.v8Helpers;
  if (process.role === ProcessRole.offline && process.service !== undefined) {
    if (thread === 'WorkerThread') return `${process.service}: function instances`;
    if (thread === 'MainThread')
      return `${process.service}: serverless offline (HTTP, pollers, logs)`;
  }
  if (thread === 'MainThread' && process.role === ProcessRole.localCloud) return CpuPart.localCloud;
  if (thread === 'MainThread' && process.role === ProcessRole.supervisor) return CpuPart.supervisor;
  return CpuPart.other;
};

/**
 * CPU time used between two samples of a tree, in seconds, by part (`cpuPartOf`), largest first.
 * A thread counts its difference, or all its time if it started in between. A process's own
 * time also holds its threads that ended: what no live thread accounts for is listed apart.
 */
export const cpuSecondsByPart = (
  before: TreeSample,
  after: TreeSample,
  ticksPerSecond: number,
): { part: string; seconds: number }[] => {
  const earlierThreads = new Map(
    before.processes.flatMap((process) =>
      process.threads.map(
        (thread) => [`${String(process.pid)}/${String(thread.tid)}`, thread.cpuTicks] as const,
      ),
    ),
  );
  const earlierProcesses = new Map(
    before.processes.map((process) => [process.pid, process.cpuTicks]),
  );
  const ticks = new Map<string, number>();
  const add = (part: string, value: number): void => {
    if (value > 0) ticks.set(part, (ticks.get(part) ?? 0) + value);
  };
  for (const process of after.processes) {
    let threadTicks = 0;
    for (const thread of process.threads) {
      const used =
        thread.cpuTicks - (earlierThreads.get(`${String(process.pid)}/${String(thread.tid)}`) ?? 0);
      threadTicks += used;
      add(cpuPartOf(process, thread.name), used);
    }
    const processTicks = process.cpuTicks - (earlierProcesses.get(process.pid) ?? 0);
    add(CpuPart.ended, processTicks - threadTicks);
  }
  return [...ticks]
    .map(([part, value]) => ({ part, seconds: value / ticksPerSecond }))
    .sort((a, b) => b.seconds - a.seconds);
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
