import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '@conveyor/local-cloud';
import { patience } from './patience.ts';
import { repoRoot } from './startOfflineService.ts';
import { waitFor } from './waitFor.ts';

/** The services an order goes through, the ones {@link startLocalSystem} runs. */
export const orderFlowServices = [
  'checkout',
  'inventory',
  'shipping',
  'email',
  'marketing',
] as const;

/** One of {@link orderFlowServices}. */
export type OrderFlowService = (typeof orderFlowServices)[number];

/** Options of {@link startLocalSystem}. */
export interface LocalSystemOptions {
  /** Whether to serve the console page too (tools/console), on a free port; default false. */
  readonly console?: boolean;
}

/** A running `npm start` supervisor with its services. */
export interface LocalSystem {
  /** Base URL of each service's HTTP API. */
  readonly http: Readonly<Record<OrderFlowService, string>>;
  /** The SQS/SNS/S3 endpoint of the local cloud. */
  readonly cloudEndpoint: string;
  /** The console page, such as `http://127.0.0.1:40123/`; undefined unless asked for. */
  readonly consoleUrl: string | undefined;
  /** `CONVEYOR_LOCAL_PORTS` for tools that look for this local cloud. */
  readonly localPorts: string;
  /** Where the supervisor keeps each part's output. */
  readonly logsDir: string;
  /** Everything the supervisor printed. */
  readonly output: () => string;
  /** SIGTERM to the supervisor, and its own clean stop; then the test's folders go. */
  readonly stop: () => Promise<void>;
}

const startAll = join(repoRoot, 'tools/local-cloud/src/startAll.ts');

const portAfter = (output: string, label: string): number | undefined => {
  const found = new RegExp(`${label}\\s+http://127\\.0\\.0\\.1:(\\d+)`).exec(output)?.[1];
  return found === undefined ? undefined : Number(found);
};

/**
 * Starts the system as `npm start` runs it: its supervisor (tools/local-cloud/src/startAll.ts)
 * with the local cloud in memory and the five order-flow services (and the console page if
 * asked), each on free ports, keeping every part's output in a logs folder of the caller's own;
 * resolves once the supervisor's ready table is printed. Only the ports differ from npm start: a
 * services folder of its own lists each real service with an offline target that passes them.
 *
 * @throws Error, with the supervisor's last output, when it exits while starting or prints no
 *   local cloud ports.
 * @example
 * ```ts
 * const system = await startLocalSystem({ console: true });
 * try {
 *   await fetch(`${system.http.checkout}/checkout`, { method: 'POST', ... });
 *   await page.goto(`${system.consoleUrl}`);
 * } finally {
 *   await system.stop();
 * }
 * ```
 */
export const startLocalSystem = async (options: LocalSystemOptions = {}): Promise<LocalSystem> => {
  const root = mkdtempSync(join(tmpdir(), 'local-system-'));
  // Chosen together: one by one, two parts could be handed the same port.
  const ports = await freePorts(orderFlowServices.length * 2 + 1);
  const portAt = (index: number): number => {
    const port = ports[index];
    if (port === undefined) throw new Error(`No free port number ${String(index)}.`);
    return port;
  };
  const consolePort = options.console === true ? portAt(orderFlowServices.length * 2) : undefined;
  const servicesDir = join(root, 'services');
  const logsDir = join(root, 'logs');
  const http: Partial<Record<OrderFlowService, string>> = {};
  for (const [index, name] of orderFlowServices.entries()) {
    const [httpPort, lambdaPort] = [portAt(index * 2), portAt(index * 2 + 1)];
    http[name] = `http://127.0.0.1:${httpPort}`;
    mkdirSync(join(servicesDir, name), { recursive: true });
    writeFileSync(
      join(servicesDir, name, 'project.json'),
      JSON.stringify({
        name,
        metadata: { localPorts: { http: httpPort, lambda: lambdaPort } },
        targets: {
          offline: {
            command: `sls offline start --stage local --httpPort ${httpPort} --lambdaPort ${lambdaPort}`,
            options: { cwd: join(repoRoot, 'services', name) },
          },
        },
      }),
    );
  }
  let output = '';
  const child = spawn(
    process.execPath,
    [
      startAll,
      '--in-memory',
      '--ports',
      '0,0,0',
      '--services-dir',
      servicesDir,
      '--logs-dir',
      logsDir,
      // With --services-dir the console is off unless a port is given.
      ...(consolePort === undefined ? [] : ['--console-port', String(consolePort)]),
      '--ready-timeout',
      String(patience.startup / 1000),
    ],
    {
      cwd: repoRoot,
      // Its own group: the stop below reaches it alone, as `kill <pid>` would.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' },
    },
  );
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Listened for from the start: a stop after the exit must not wait for another one.
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const pid = child.pid ?? -1;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await waitFor(
        () =>
          Promise.resolve(child.exitCode !== null || child.signalCode !== null ? true : undefined),
        {
          description: 'npm start stopped',
          timeoutMs: patience.request,
        },
      ).catch(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      });
      await exit;
    }
    // Its build folders are in the real services (their offline commands run there).
    for (const name of orderFlowServices) {
      const dir = join(repoRoot, 'services', name);
      for (const entry of readdirSync(dir)) {
        if (entry.startsWith('.esbuild-start-') && entry.endsWith(`-${pid}`)) {
          rmSync(join(dir, entry), { recursive: true, force: true });
        }
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  // The console's line comes after the ready table, whose last line is this one.
  const ready = consolePort === undefined ? /Ctrl-C stops everything\./ : /Console: http:/;
  try {
    const outcome = await waitFor(
      () => {
        // One that exits while starting fails the start at once, not at the bound.
        if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve('exited');
        return Promise.resolve(ready.test(output) ? 'ready' : undefined);
      },
      { description: 'npm start ready', timeoutMs: patience.startup * 2, intervalMs: 500 },
    );
    if (outcome === 'exited') {
      throw new Error(`npm start exited with ${String(child.exitCode ?? child.signalCode)}`);
    }
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}\n--- npm start output ---\n${output.slice(-6_000)}`, {
      cause: error,
    });
  }
  const fauxqs = portAfter(output, 'sqs/sns/s3');
  const dynamodb = portAfter(output, 'dynamodb');
  const ses = portAfter(output, 'ses v2');
  if (
    fauxqs === undefined ||
    dynamodb === undefined ||
    ses === undefined ||
    (consolePort !== undefined && portAfter(output, 'Console:') !== consolePort)
  ) {
    await stop();
    throw new Error(`No local cloud ports in npm start's ready table:\n${output.slice(-3_000)}`);
  }
  return {
    http: http as LocalSystem['http'],
    cloudEndpoint: `http://127.0.0.1:${fauxqs}`,
    consoleUrl: consolePort === undefined ? undefined : `http://127.0.0.1:${consolePort}/`,
    localPorts: `fauxqs=${fauxqs},dynamodb=${dynamodb},ses=${ses}`,
    logsDir,
    output: () => output,
    stop,
  };
};
