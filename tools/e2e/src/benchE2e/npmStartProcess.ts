import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { readLocalRunStats, runningFrom } from '@conveyor/local-cloud';

/** The system the bench measures: found running, or started by the bench. */
export interface RunningSystem {
  readonly startedByBench: boolean;
  /** The npm process the bench started, root of the system's process tree; only when it started it. */
  readonly pid?: number;
  /** From spawning `npm start` to every part ready, as the bench saw it; only when it started it. */
  readonly readyAfterMs?: number;
  /** Stops what the bench started (nothing when it found the system running). */
  stop(): Promise<void>;
}

/** How to find or start `npm start`. */
export interface AttachOptions {
  /** checkout's base URL: the system counts as running when it answers. */
  readonly checkoutUrl: string;
  /** The local cloud's SQS/SNS/S3 endpoint, whose stats say when npm start is ready. */
  readonly cloudEndpoint: string;
  readonly repoRoot: string;
  /** Where a started npm start keeps its state (a fresh folder: stock seeded, no backlog). */
  readonly dataDir: string;
  /** Where a started npm start's output goes. */
  readonly logFile: string;
  /** Options for a started npm start (`--in-memory`, `--no-iam`); refused when one is running. */
  readonly startArgs?: readonly string[];
  readonly readyTimeoutMs: number;
  readonly log: (line: string) => void;
}

const answers = async (url: string): Promise<boolean> => {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
  if (response === undefined) return false;
  await response.arrayBuffer().catch(() => undefined);
  return true;
};

const lastLines = (file: string, count: number): string => {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
  } catch {
    return '(no output)';
  }
};

// What the supervisor prints once every part is ready ("6 services ready."): the sign of
// readiness when the local cloud serves no stats (npm start -- --no-iam). A service's own
// "Server ready" line is prefixed with its name, so it does not match.
const readyLine = /^\d+ services? ready\.$/m;
/** Whether npm start's output in `file` holds the supervisor's line that every part is ready. */
export const printedReady = (file: string): boolean => {
  try {
    return readyLine.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
};

/** npm start runs already, and the bench was asked to start one its own way. */
export class SystemRunningError extends Error {
  public constructor(where: string, startArgs: readonly string[]) {
    super(
      `npm start already ${where}; the bench cannot start one with ${startArgs.join(' ')}. Stop it, or drop ${startArgs.length === 1 ? 'that option' : 'those options'} to measure it as it runs.`,
    );
    this.name = 'SystemRunningError';
  }
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => {
        child.once('exit', () => {
          resolve();
        });
      });

// Any answer will do: the system is up once checkout answers at all.
const checkoutProbe = (checkoutUrl: string): string =>
  `${checkoutUrl}/orders/00000000-0000-4000-8000-000000000000`;

const readStats = (endpoint: string) => readLocalRunStats(endpoint, 2_000).catch(() => undefined);

/**
 * Waits until the npm start of supervisor `pid`, found running while checkout does not answer
 * (starting, or its services restarting), reports every part ready and checkout answers. A read
 * of its stats that fails (a busy machine, its local cloud restarting) is read again.
 */
const untilReady = async (pid: number, options: AttachOptions): Promise<void> => {
  options.log(
    `npm start (supervisor pid ${String(pid)}) runs, but checkout does not answer yet: waiting up to ${String(options.readyTimeoutMs / 1000)} s until it does`,
  );
  const deadline = Date.now() + options.readyTimeoutMs;
  for (;;) {
    const stats = await readStats(options.cloudEndpoint);
    if (stats !== undefined) {
      const run = runningFrom(stats);
      if (run?.pid !== pid) {
        throw new Error(
          `The npm start found starting (supervisor pid ${String(pid)}) stopped before it was ready; run the bench again to start one.`,
        );
      }
      if (run.readyAfterMs !== undefined && (await answers(checkoutProbe(options.checkoutUrl)))) {
        return;
      }
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The npm start found starting (supervisor pid ${String(pid)}) was not ready within ${String(options.readyTimeoutMs / 1000)} s (--ready-timeout); see its output.`,
      );
    }
    await sleep(250);
  }
};

/**
 * Uses the system `npm start` runs when checkout answers, or waits for one still starting (its
 * local cloud's stats name it). Otherwise starts `npm start` itself (in its own process group,
 * output to `logFile`, state in `dataDir` unless `--in-memory`, with `startArgs`) and waits until
 * it reports every part ready (in the local cloud's stats, or in its output when the local cloud
 * serves none). `stop()` sends SIGTERM to npm, which stops everything (SIGKILL to its group after
 * a minute); it stops nothing the bench found running.
 */
export const attachOrStart = async (options: AttachOptions): Promise<RunningSystem> => {
  const startArgs = options.startArgs ?? [];
  if (await answers(checkoutProbe(options.checkoutUrl))) {
    if (startArgs.length > 0) {
      throw new SystemRunningError(`answers on ${options.checkoutUrl}`, startArgs);
    }
    return { startedByBench: false, stop: () => Promise.resolve() };
  }
  // An npm start still starting holds the ports: a second one would only be refused.
  const starting = runningFrom(await readStats(options.cloudEndpoint));
  if (starting !== undefined) {
    if (startArgs.length > 0) {
      throw new SystemRunningError(`runs (supervisor pid ${String(starting.pid)})`, startArgs);
    }
    await untilReady(starting.pid, options);
    return { startedByBench: false, stop: () => Promise.resolve() };
  }
  options.log(
    `nothing answers on ${options.checkoutUrl}: starting npm start (output in ${options.logFile})`,
  );
  // A fresh state: seeded stock, no backlog from an earlier run.
  rmSync(options.dataDir, { recursive: true, force: true });
  const stateArgs = startArgs.includes('--in-memory') ? [] : ['--data-dir', options.dataDir];
  const npmArgs = ['start', '--', ...stateArgs, ...startArgs];
  const output = openSync(options.logFile, 'w');
  // The npm that runs this script, on this Node; `npm` from the PATH otherwise.
  const npmCli = process.env['npm_execpath'];
  const [command, args] =
    npmCli !== undefined && npmCli.endsWith('.js')
      ? [process.execPath, [npmCli, ...npmArgs]]
      : ['npm', npmArgs];
  const spawnedAt = Date.now();
  const child = spawn(command, args, {
    cwd: options.repoRoot,
    env: process.env,
    detached: true,
    stdio: ['ignore', output, output],
  });
  closeSync(output);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited(child).then(() => true), sleep(60_000, false)]);
    if (!stopped) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  };
  const deadline = spawnedAt + options.readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `npm start exited (${String(child.exitCode ?? child.signalCode)}) before it was ready:\n${lastLines(options.logFile, 20)}`,
      );
    }
    const stats = await readStats(options.cloudEndpoint);
    if (stats?.npmStart?.readyAfterMs !== undefined || printedReady(options.logFile)) {
      return {
        startedByBench: true,
        ...(child.pid === undefined ? {} : { pid: child.pid }),
        readyAfterMs: Date.now() - spawnedAt,
        stop,
      };
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `npm start was not ready within ${String(options.readyTimeoutMs / 1000)} s:\n${lastLines(options.logFile, 20)}`,
      );
    }
    await sleep(250);
  }
};
