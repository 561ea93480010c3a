import { execFile, type Serializable, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { LocalCloudError } from './errors.ts';
import { httpProbe } from './httpProbe.ts';
import { loopbackHost } from './loopback.ts';
import { isStillAlive, type NotedProcess, noteProcess, signalPid } from './notedProcess.ts';

const run = promisify(execFile);

/** How to run one part of `npm start`: a service, or the local cloud. */
export interface ServiceProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Receives each line the service prints, stdout and stderr alike, but blank ones. */
  readonly onLine: (line: string) => void;
  /** Receives each IPC message from a Node child; given, the child gets an IPC channel. */
  readonly onMessage?: (message: unknown) => void;
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
  /**
   * Notes every descendant now running, so that `stop()` reaches them even after the direct
   * child has died (a descendant that left the group is then no longer found below it).
   */
  noteDescendants(): Promise<void>;
  /** Stops the whole group (and any descendant that left it): SIGTERM, then SIGKILL. */
  stop(): Promise<void>;
  /**
   * Last resort from a synchronous `exit` handler: SIGKILL to the group and to the descendants
   * noted so far (it cannot wait for `ps` to list new ones).
   */
  killNow(): void;
  /** Sends an IPC message (started with `onMessage`); false when there is no channel (any more). */
  send(message: unknown): boolean;
}

/** A service that failed to come up; its message names it and ends with its last output. */
export class ServiceStartError extends LocalCloudError {
  /** The service's name. */
  public readonly service: string;

  public constructor(service: string, reason: string, output: readonly string[]) {
    super(`Service ${service} ${reason}.${formatRecentOutput(output)}`);
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

let listingUnderWay: Promise<string | undefined> | undefined;

/**
 * Every process's pid and parent pid, from one `ps` shared by every caller while it runs.
 * Asynchronous on purpose: `ps` can take a fraction of a second on a busy machine, and a
 * synchronous call per part at Ctrl-C kept the supervisor from reading the duplicate SIGINT
 * npm forwards until after its one-second window, so a single Ctrl-C read as two. Shared because
 * even an asynchronous spawn blocks the event loop until the child has started: at Ctrl-C every
 * part stops at once, and seven spawns held the loop for 0.6–0.7 s on a busy machine.
 */
const processListing = (): Promise<string | undefined> =>
  (listingUnderWay ??= run('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], {
    encoding: 'utf8',
    timeout: 2_000,
  })
    .then(
      ({ stdout }) => stdout,
      () => undefined,
    )
    .finally(() => {
      listingUnderWay = undefined;
    }));

/** Every descendant of `root` (best effort: `ps` may be missing, then only the group is used). */
const descendantPids = async (root: number): Promise<number[]> => {
  const listing = await processListing();
  if (listing === undefined) return [];
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

/** The last lines a process printed, as an error message's tail. */
export const formatRecentOutput = (output: readonly string[]): string =>
  output.length === 0
    ? ' It printed nothing.'
    : ` Its last output:\n${output.map((line) => `  | ${line}`).join('\n')}`;

/**
 * Spawns a service in its own process group (`detached`), so stopping it reaches everything it
 * started (a shell, serverless, workers), not only the direct child. Terminal signals (Ctrl-C)
 * reach only the supervisor, which stops the parts in order.
 */
export const startServiceProcess = (options: ServiceProcessOptions): ServiceProcess => {
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', ...(options.onMessage === undefined ? [] : ['ipc' as const])],
  });
  if (options.onMessage !== undefined) child.on('message', options.onMessage);
  const recent: string[] = [];
  let sawReady = false;
  let exitedAlready = false;
  const record = (line: string): void => {
    // serverless offline ends each invocation's report with an empty line: a fifth of a busy
    // terminal's lines, and of the kept logs, said nothing.
    if (line.trim() === '') return;
    recent.push(line);
    if (recent.length > keptLines) recent.shift();
    if (readyLine.test(line)) sawReady = true;
    options.onLine(line);
  };
  for (const stream of [child.stdout, child.stderr]) {
    if (stream !== null) createInterface({ input: stream, crlfDelay: Infinity }).on('line', record);
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
  const noted = new Map<number, NotedProcess>();
  const noteDescendants = async (): Promise<void> => {
    if (pid <= 0) return;
    for (const descendant of await descendantPids(pid))
      noted.set(descendant, noteProcess(descendant));
  };
  // Descendants that may have left the group (a tool that calls setsid), noted now or earlier.
  const notedAlive = (): NotedProcess[] => [...noted.values()].filter(isStillAlive);

  const stopGroup = async (): Promise<void> => {
    if (pid <= 0) return;
    await noteDescendants();
    const found = notedAlive();
    const allGone = (): boolean => !signalGroup(pid, 0) && !found.some(isStillAlive);
    const signalAll = (signal: NodeJS.Signals): void => {
      signalGroup(pid, signal);
      for (const stray of found) if (isStillAlive(stray)) signalPid(stray.pid, signal);
    };
    signalAll('SIGTERM');
    if (!(await waitUntil(allGone, options.stopGraceMs ?? defaultStopGraceMs))) {
      signalAll('SIGKILL');
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
    noteDescendants,
    stop: () => (stopping ??= stopGroup()),
    killNow: () => {
      if (pid <= 0 || stopped) return;
      for (const stray of notedAlive()) signalPid(stray.pid, 'SIGKILL');
      signalGroup(pid, 'SIGKILL');
    },
    send: (message) => {
      if (!child.connected) return false;
      // A channel closing under a send only loses that message; without a callback the child
      // would emit 'error', which here means "could not be started".
      return child.send(message as Serializable, () => undefined);
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
