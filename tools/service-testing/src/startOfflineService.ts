import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compileCacheEnvironment,
  freePorts,
  type LocalCloud,
  provisionBarrierVariable,
  supervisorPidVariable,
} from '@conveyor/local-cloud';
import { boundedFetch } from './boundedFetch.ts';
import {
  describeInitFailure,
  type InitFailure,
  InitFailureScanner,
  watchInitFailures,
} from './initFailures.ts';
import { patience } from './patience.ts';
import { waitFor } from './waitFor.ts';

/** The repository root, from this file's place in it. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A service running under `sls offline start`. */
export interface OfflineService {
  readonly name: string;
  /** Base URL of its HTTP API, such as `http://127.0.0.1:40123`. */
  readonly httpUrl: string;
  /** Port of serverless-offline's Lambda invoke API. */
  readonly lambdaPort: number;
  /** Everything it printed so far. */
  readonly output: () => string;
  /** The functions whose init failed so far (a handler module that threw as it loaded). */
  readonly initFailures: () => readonly InitFailure[];
  /** Stops its whole process group and removes its build folder. */
  readonly stop: () => Promise<void>;
}

/** Options of {@link startOfflineService}. */
export interface OfflineServiceOptions {
  /** Folder name under `services/`. */
  readonly name: string;
  /** The local cloud it provisions into and talks to. */
  readonly cloud: LocalCloud;
  /** Extra environment for the offline process. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Stage parameters passed as `--param key=value`, over the `local` stage's own, such as a
   * shorter `consumerTimeout` (each queue's visibility is 6 × it) so tests of retries and dead
   * letters wait less.
   */
  readonly params?: Readonly<Record<string, string>>;
  /** Bound on start-up, a safety net; default {@link patience.startup}. */
  readonly startTimeoutMs?: number;
}

let instances = 0;

const stopProcess = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
};

/**
 * Starts `sls offline start --stage local` for one service on free ports, against `cloud`, and
 * waits until its HTTP server answers. Each instance builds into its own esbuild folder, so
 * several test runs of the same service can overlap.
 *
 * @example
 * ```ts
 * const checkout = await startOfflineService({ name: 'checkout', cloud });
 * await fetch(`${checkout.httpUrl}/checkout`, { method: 'POST', ... });
 * ```
 */
export const startOfflineService = async (
  options: OfflineServiceOptions,
): Promise<OfflineService> => {
  const [httpPort, lambdaPort] = await freePorts(2);
  if (httpPort === undefined || lambdaPort === undefined) throw new Error('No free ports.');
  instances += 1;
  const buildDir = `.esbuild-test-${process.pid}-${instances}`;
  const cwd = join(repoRoot, 'services', options.name);
  let output = '';
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'node_modules/serverless/bin/serverless.js'),
      'offline',
      'start',
      '--stage',
      'local',
      '--httpPort',
      String(httpPort),
      '--lambdaPort',
      String(lambdaPort),
      ...Object.entries(options.params ?? {}).flatMap(([key, value]) => [
        '--param',
        `${key}=${value}`,
      ]),
    ],
    {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // The framework loads from Node's code cache, as under npm start.
        ...compileCacheEnvironment(process.env),
        CONVEYOR_LOCAL_PORTS: JSON.stringify(options.cloud.ports),
        CONVEYOR_ESBUILD_DIR: buildDir,
        SLS_TELEMETRY_DISABLED: '1',
        // Not npm start's: one inherited from a shell under it would stop this service early,
        // or hold it for services this test does not run.
        [supervisorPidVariable]: undefined,
        [provisionBarrierVariable]: undefined,
        ...options.env,
      },
    },
  );
  // Printed at once, not after the tests waiting on it give up: it is the cause of their failures.
  const scanner = new InitFailureScanner(options.name, (failure) => {
    process.stderr.write(`\n${describeInitFailure(failure)}\n`);
  });
  const append = (chunk: Buffer): void => {
    const text = chunk.toString();
    output += text;
    scanner.append(text);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const unwatch = watchInitFailures(() => scanner.failures);
  const stop = async (): Promise<void> => {
    unwatch();
    scanner.stop();
    await stopProcess(child);
    await rm(join(cwd, buildDir), { recursive: true, force: true });
  };
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  try {
    const outcome = await waitFor(
      async () => {
        // One that exits while starting fails the start at once, not at the bound.
        if (child.exitCode !== null || child.signalCode !== null) return 'exited';
        // Any answer, even a 404, means it serves; a refused connection fails at once.
        await boundedFetch(httpUrl);
        return 'serving';
      },
      {
        description: `${options.name} offline serving on ${httpUrl}`,
        timeoutMs: options.startTimeoutMs ?? patience.startup,
        intervalMs: 300,
      },
    );
    if (outcome === 'exited') {
      throw new Error(
        `${options.name} offline exited with ${String(child.exitCode ?? child.signalCode)} while starting`,
      );
    }
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}\n--- ${options.name} output ---\n${output.slice(-4_000)}`, {
      cause: error,
    });
  }
  return {
    name: options.name,
    httpUrl,
    lambdaPort,
    output: () => output,
    initFailures: () => scanner.failures,
    stop,
  };
};
