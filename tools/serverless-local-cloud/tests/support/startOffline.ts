import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  freePorts,
  type LocalCloudPorts,
  provisionBarrierVariable,
  supervisorPidVariable,
} from '@conveyor/local-cloud';
import { patience } from './patience.ts';
import { waitFor } from './waitFor.ts';

/** The fixture service directory. */
export const fixtureDir = fileURLToPath(new URL('../fixture-service/', import.meta.url));
const serverlessBin = fileURLToPath(
  new URL('../../../../node_modules/serverless/bin/serverless.js', import.meta.url),
);

/** The line the plugin logs once every event source is polling. */
export const readyLine = /serverless-local-cloud: polling \d+ SQS event source/;

/** A `sls offline start` child process in its own process group. */
export interface OfflineProcess {
  /** serverless-offline's HTTP server, e.g. `http://127.0.0.1:PORT`. */
  readonly httpUrl: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once its output matches; fails if it exits first or the deadline passes. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code once it exits. */
  readonly exited: Promise<number | null>;
  /** The worker threads it runs now: one per function instance (Linux, from /proc). */
  workerThreads(): number;
  /** SIGTERM to the group, SIGKILL after a grace period; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface OfflineOptions {
  readonly ports: LocalCloudPorts;
  /** Names the esbuild output folder, so test files running at once do not share one. */
  readonly buildName: string;
  readonly stage?: string;
  /** Another config file in the fixture directory. */
  readonly config?: string;
  /** `--param` values for `${param:...}`. */
  readonly params?: Readonly<Record<string, string>>;
  /** More `sls offline start` options, such as `--terminateIdleLambdaTime`. */
  readonly args?: readonly string[];
  /** Extra environment for the offline process. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Node names each worker thread's OS thread "WorkerThread"; offline runs an instance in each. */
const workerThreadsOf = (pid: number): number => {
  try {
    return readdirSync(`/proc/${String(pid)}/task`).filter((task) => {
      try {
        return readFileSync(`/proc/${String(pid)}/task/${task}/comm`, 'utf8').startsWith(
          'WorkerThread',
        );
      } catch {
        return false; // The thread ended while being read.
      }
    }).length;
  } catch {
    return 0; // The process is gone.
  }
};

const killGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  }
};

/** Starts `sls offline start` on the fixture with Node 24 (process.execPath), on free ports. */
export const startOffline = async (options: OfflineOptions): Promise<OfflineProcess> => {
  const [httpPort, lambdaPort] = await freePorts(2);
  const args = [
    serverlessBin,
    'offline',
    'start',
    '--host',
    '127.0.0.1',
    '--httpPort',
    String(httpPort),
    '--lambdaPort',
    String(lambdaPort),
    '--stage',
    options.stage ?? 'test',
    ...(options.config === undefined ? [] : ['--config', options.config]),
    ...Object.entries(options.params ?? {}).map(([key, value]) => `--param=${key}=${value}`),
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: fixtureDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      CONVEYOR_LOCAL_PORTS: JSON.stringify(options.ports),
      SLC_BUILD_NAME: options.buildName,
      FORCE_COLOR: '0',
      // Not npm start's: one inherited from a shell under it would stop this offline early, or
      // hold it for services this test does not run.
      [supervisorPidVariable]: undefined,
      [provisionBarrierVariable]: undefined,
      ...options.env,
    },
  });
  let output = '';
  const append = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  return {
    httpUrl: `http://127.0.0.1:${String(httpPort)}`,
    output: () => output,
    exited,
    workerThreads: () => (child.pid === undefined ? 0 : workerThreadsOf(child.pid)),
    waitForOutput: async (pattern, timeoutMs = patience.startup) => {
      await waitFor(
        `offline output ${String(pattern)}`,
        () => {
          if (pattern.test(output)) {
            return true;
          }
          if (hasExited) {
            throw new Error(`sls offline exited before printing ${String(pattern)}:\n${output}`);
          }
          return undefined;
        },
        { timeoutMs, intervalMs: 50 },
      ).catch((error: unknown) => {
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}\n${output.slice(-3000)}`,
        );
      });
    },
    stop: async () => {
      if (hasExited) {
        return;
      }
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => {
        killGroup(child, 'SIGKILL');
      }, 10_000);
      await exited;
      clearTimeout(timer);
      // Worker threads die with the process; nothing else of the group should outlive it.
      killGroup(child, 'SIGKILL');
    },
  };
};
