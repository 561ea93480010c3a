import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalCloudError } from './errors.ts';
import { httpProbe } from './httpProbe.ts';
import { loopbackHost } from './loopback.ts';

/** How to run one service. */
export interface ServiceProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Receives each line the service prints, stdout and stderr alike. */
  readonly onLine: (line: string) => void;
  /** How long `stop()` waits after SIGTERM before SIGKILL; 10 s by default. */
  readonly stopGraceMs?: number;
}

/** How a service process ended. */
export interface ServiceExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when it could not be started at all (for example, command not found). */
  readonly error?: Error;
}

/** A service running in its own process group. */
export interface ServiceProcess {
  readonly name: string;
  /** Pid of the direct child, which is also its process group id. */
  readonly pid: number;
  /** Settles when the direct child has exited. */
  readonly exited: Promise<ServiceExit>;
  /** Whether the direct child has exited. */
  hasExited(): boolean;
  /** Whether it printed serverless-offline's "Server ready" line. */
  printedReady(): boolean;
  /** Its last lines of output, oldest first. */
  recentOutput(): readonly string[];
  /** Stops the whole group (and any descendant that left it): SIGTERM, then SIGKILL. */
  stop(): Promise<void>;
  /** Last resort from a synchronous `exit` handler: SIGKILL to the group and its descendants. */
  killNow(): void;
}

/** A service that failed to come up; its message names it and ends with its last output. */
export class ServiceStartError extends LocalCloudError {
  /** The service's name. */
  public readonly service: string;

  public constructor(service: string, reason: string, output: readonly string[]) {
    const tail =
      output.length === 0
        ? ' It printed nothing.'
        : ` Its last output:\n${output.map((line) => `  | ${line}`).join('\n')}`;
    super(`Service ${service} ${reason}.${tail}`);
    this.name = 'ServiceStartError';
    this.service = service;
  }
}

const keptLines = 30;
const readyLine = /Server ready/i;
const defaultStopGraceMs = 10_000;
const killWaitMs = 3_000;
const pollMs = 100;

const signalGroup = (pgid: number, signal: NodeJS.Signals | 0): boolean => {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    // ESRCH: nothing left in the group.
    return false;
  }
};

const signalPid = (pid: number, signal: NodeJS.Signals | 0): boolean => {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
};

// A zombie still takes signals but is gone for our purposes; its reaper may be slow (or absent,
// under a container init that does not reap).
const isZombie = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) === 'Z';
  } catch {
    return false;
  }
};

const isAlive = (pid: number): boolean => signalPid(pid, 0) && !isZombie(pid);

/** Every descendant of `root` (best effort: `ps` may be missing, then only the group is used). */
const descendantPids = (root: number): number[] => {
  let listing: string;
  try {
    listing = execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], {
      encoding: 'utf8',
      timeout: 2_000,
    });
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const line of listing.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid === undefined || ppid === undefined || Number.isNaN(pid)) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
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

const waitUntil = async (done: () => boolean, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await sleep(pollMs);
  }
  return true;
};

/**
 * Spawns a service in its own process group (`detached`), so stopping it reaches everything it
 * started (nx, serverless, workers), not only the direct child.
 */
export const startServiceProcess = (options: ServiceProcessOptions): ServiceProcess => {
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const recent: string[] = [];
  let sawReady = false;
  let exitedAlready = false;
  const record = (line: string): void => {
    recent.push(line);
    if (recent.length > keptLines) recent.shift();
    if (readyLine.test(line)) sawReady = true;
    options.onLine(line);
  };
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', record);
  }
  const exited = new Promise<ServiceExit>((resolve) => {
    child.once('error', (error) => {
      exitedAlready = true;
      resolve({ code: null, signal: null, error });
    });
    child.once('exit', (code, signal) => {
      exitedAlready = true;
      resolve({ code, signal });
    });
  });
  const pid = child.pid ?? -1;
  let stopping: Promise<void> | undefined;
  let stopped = false;

  const stopGroup = async (): Promise<void> => {
    if (pid <= 0) return;
    // Note descendants first: nx runs each command in a process group of its own (setsid), so
    // the group signal alone would miss serverless-offline.
    const strays = descendantPids(pid);
    const allGone = (): boolean => !signalGroup(pid, 0) && !strays.some(isAlive);
    signalGroup(pid, 'SIGTERM');
    for (const stray of strays) signalPid(stray, 'SIGTERM');
    if (!(await waitUntil(allGone, options.stopGraceMs ?? defaultStopGraceMs))) {
      signalGroup(pid, 'SIGKILL');
      for (const stray of strays) signalPid(stray, 'SIGKILL');
      await waitUntil(allGone, killWaitMs);
    }
    await Promise.race([exited, sleep(killWaitMs)]);
    stopped = true;
  };

  return {
    name: options.name,
    pid,
    exited,
    hasExited: () => exitedAlready,
    printedReady: () => sawReady,
    recentOutput: () => [...recent],
    stop: () => (stopping ??= stopGroup()),
    killNow: () => {
      if (pid <= 0 || stopped) return;
      for (const stray of descendantPids(pid)) signalPid(stray, 'SIGKILL');
      signalGroup(pid, 'SIGKILL');
    },
  };
};

// Any status counts: offline answers 404 on `/`, and the port was checked free before the spawn.
const httpAnswers = async (port: number): Promise<boolean> =>
  (await httpProbe(`http://${loopbackHost}:${port}/`)) !== undefined;

const describeExit = ({ code, signal, error }: ServiceExit): string =>
  error !== undefined
    ? `could not be started (${error.message})`
    : `exited with ${signal === null ? `code ${String(code)}` : signal} before it was ready`;

/**
 * Resolves once the service printed "Server ready" or answers on `httpPort`; rejects with
 * `ServiceStartError` if it exits first or is not ready within `timeoutMs`.
 */
export const waitUntilReady = async (
  service: ServiceProcess,
  { httpPort, timeoutMs }: { httpPort?: number; timeoutMs: number },
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.printedReady()) return;
    if (service.hasExited()) {
      throw new ServiceStartError(
        service.name,
        describeExit(await service.exited),
        service.recentOutput(),
      );
    }
    if (httpPort !== undefined && (await httpAnswers(httpPort))) return;
    if (Date.now() >= deadline) {
      throw new ServiceStartError(
        service.name,
        `was not ready within ${Math.round(timeoutMs / 1000)} s`,
        service.recentOutput(),
      );
    }
    await sleep(250);
  }
};
