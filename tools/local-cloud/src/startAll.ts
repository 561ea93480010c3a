// `npm start`: supervises the local cloud (a child process running main.ts) and every service's
// serverless-offline, each in its own process group, restarting any part that dies.
import { existsSync, rmSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { allocatorEnvironment } from './allocatorEnvironment.ts';
import {
  npmStartBarrierFolder,
  npmStartBuildFolder,
  removeBuildFolders,
  removeStaleBarrierFolders,
  removeStaleBuildFolders,
} from './buildFolders.ts';
import { asUsageError, cloudArgumentsUsage, parseCloudArguments } from './cloudArguments.ts';
import { launchCloudProcess } from './cloudProcess.ts';
import { compileCacheEnvironment } from './compileCacheEnvironment.ts';
import { discoverServices, type LocalService } from './discoverServices.ts';
import { LocalCloudError, LocalCloudUsageError } from './errors.ts';
import { formatReadyTable } from './formatReadyTable.ts';
import { isLocalCloudRunning } from './isLocalCloudRunning.ts';
import { localCloudEnvironment } from './localCloudEnvironment.ts';
import {
  defaultConsolePort,
  formatLocalCloudPorts,
  type LocalCloudPorts,
  parseConsolePort,
  resolveLocalCloudPorts,
} from './localCloudPorts.ts';
import { assertPortFree, waitForPortsToFree } from './loopback.ts';
import { defaultLogsDir, ServiceLogs } from './logs/serviceLogs.ts';
import { shellQuoted } from './shellQuoted.ts';
import { noteProcess } from './notedProcess.ts';
import { onShutdownSignal } from './onShutdownSignal.ts';
import {
  markProvisioned,
  openProvisionBarrier,
  provisionBarrierVariable,
  provisionNameVariable,
} from './provisionBarrier.ts';
import { supervisorPidVariable } from './watchSupervisor.ts';
import { repoRoot } from './repoRoot.ts';
import { localCloudOnPorts } from './localCloudOnPorts.ts';
import { startServiceProcess, waitUntilReady } from './serviceProcess.ts';
import { defaultLocalCloudDataDir, localCloudEndpointsFor } from './localCloudEndpointsFor.ts';
import { InvocationTally, type NpmStartReport } from './stats/npmStartReport.ts';
import { SupervisedPart } from './supervisedPart.ts';

const defaultReadyTimeoutSeconds = 180;
// How often at most the local cloud hears of new invocations (for GET /_local-cloud/stats).
const reportIntervalMs = 250;
// A part of an npm start killed with SIGKILL stops within about 3 s on a loaded machine.
const defaultPortWaitSeconds = 10;

const usage = `Usage: node tools/local-cloud/src/startAll.ts [options]   (npm start)

Starts the local cloud in a child process, then the offline target's command (the one
\`nx run <service>:offline\` runs) of every service under services/ that has one (ports from its
project.json "metadata.localPorts"), and waits until all are ready. A part that dies is restarted.
Ctrl-C, SIGTERM or SIGHUP (or the parent process exiting) stops everything.

${cloudArgumentsUsage}
  --services-dir DIR       where services live (default <repo>/services)
  --ready-timeout SECONDS  how long each part may take to be ready (default ${defaultReadyTimeoutSeconds})
  --port-wait SECONDS      how long to wait for ports still held by an npm start that is
                           stopping or was killed, before refusing them (default ${defaultPortWaitSeconds}; 0: none);
                           one that runs is refused at once
  --logs-dir DIR           where each part's output is kept, one rotated file per part, at
                           most 3 files of 5 MiB each (default <repo>/.local/logs, or
                           <services-dir>/.local/logs with --services-dir); npm run trace reads it
  --console-port N|off     port of the console page (tools/console), or off; default
                           ${defaultConsolePort}, or CONVEYOR_CONSOLE_PORT; off by default with
                           --services-dir (a test's run asks for it)

A local cloud already running on the same ports is not reused: stop it first. --ports moves the
local cloud only; the services' ports are fixed in their project.json.`;

// A closed terminal must not turn the clean stop into a crash.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

const fail = (error: unknown): never => {
  process.stderr.write(
    error instanceof LocalCloudError
      ? `npm start: ${error.message}\n`
      : `${String(error instanceof Error ? error.stack : error)}\n`,
  );
  process.exit(error instanceof LocalCloudUsageError ? 2 : 1);
};

const readyTimeoutMs = (text: string | boolean | undefined): number => {
  if (typeof text !== 'string') return defaultReadyTimeoutSeconds * 1000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new LocalCloudUsageError(`Invalid --ready-timeout "${text}": expected seconds > 0.`);
  }
  return seconds * 1000;
};

const portWaitMs = (text: string | boolean | undefined): number => {
  if (typeof text !== 'string') return defaultPortWaitSeconds * 1000;
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 3_600) {
    throw new LocalCloudUsageError(`Invalid --port-wait "${text}": expected seconds, 0 to 3600.`);
  }
  return seconds * 1000;
};

const checkServicePorts = async (
  services: readonly LocalService[],
  cloudPorts: readonly number[],
): Promise<void> => {
  for (const service of services) {
    for (const [kind, port] of [
      ['http', service.httpPort],
      ['lambda', service.lambdaPort],
    ] as const) {
      if (cloudPorts.includes(port)) {
        throw new LocalCloudError(
          `Port ${port} (${service.name} ${kind}) is also a local cloud port; change one of them.`,
        );
      }
      // A taken HTTP port would also make the readiness probe lie.
      await assertPortFree(
        port,
        `${service.name} ${kind}`,
        `give ${service.name} other ports (metadata.localPorts in its project.json)`,
      );
    }
  }
};

/** PATH as nx run-commands builds it: every node_modules/.bin from `cwd` up, then this Node. */
const executablePath = (cwd: string): string => {
  const bins: string[] = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    const bin = join(dir, 'node_modules', '.bin');
    if (existsSync(bin)) bins.push(bin);
    if (dirname(dir) === dir) break;
  }
  // The repo's tools (sls) wherever the command runs, and `#!/usr/bin/env node` finds this Node
  // (the repo's pinned one), not the system's.
  return [
    ...bins,
    join(repoRoot, 'node_modules', '.bin'),
    dirname(process.execPath),
    process.env.PATH ?? '',
  ].join(delimiter);
};

const { options, help, rest } = (() => {
  try {
    return parseCloudArguments(process.argv.slice(2), process.env, [
      'services-dir',
      'ready-timeout',
      'port-wait',
      'logs-dir',
      'console-port',
    ]);
  } catch (error) {
    return fail(error);
  }
})();

if (help) {
  print(usage);
  process.exit(0);
}

const serviceParts: SupervisedPart[] = [];
let cloudPart: SupervisedPart | undefined;
let consolePart: SupervisedPart | undefined;
let serviceDirs: string[] = [];
const buildFolder = npmStartBuildFolder();
// Gone with the run; one left by a SIGKILL goes at the next start.
const provisionBarrier = npmStartBarrierFolder();
// An object, so TypeScript does not narrow it away across the awaits that change it.
const state = { shuttingDown: false };
// Every part's output, kept on disk for `npm run trace` (what scrolls past is gone). Another
// services folder (a test's) keeps its own, so nothing it runs mixes into the repo's logs.
const logs = new ServiceLogs({
  dir: resolve(
    typeof rest['logs-dir'] === 'string'
      ? rest['logs-dir']
      : typeof rest['services-dir'] === 'string'
        ? join(rest['services-dir'], '.local', 'logs')
        : defaultLogsDir,
  ),
  onError: (message) => {
    process.stderr.write(`npm start: ${message}\n`);
  },
});

// The invocations serverless-offline reports in each service's output, and this run's
// readiness, told to the local cloud, which serves them with its counters (npm run bench:e2e).
const tally = new InvocationTally();
const run: {
  readyAfterMs?: number;
  stopping?: true;
  reportTimer: NodeJS.Timeout | undefined;
} = {
  reportTimer: undefined,
};
const supervisor = noteProcess(process.pid);
const report = (): void => {
  clearTimeout(run.reportTimer);
  run.reportTimer = undefined;
  cloudPart?.process?.send({
    kind: 'npm-start-report',
    pid: process.pid,
    parentPid: process.ppid,
    startedAt: new Date(performance.timeOrigin).toISOString(),
    ...(supervisor.startTime === undefined ? {} : { pidStartTime: supervisor.startTime }),
    ...(run.readyAfterMs === undefined ? {} : { readyAfterMs: run.readyAfterMs }),
    ...(run.stopping === undefined ? {} : { stopping: run.stopping }),
    functions: tally.totals(),
    unreadLines: tally.unreadLines,
  } satisfies NpmStartReport);
};
const reportSoon = (): void => {
  run.reportTimer ??= setTimeout(report, reportIntervalMs).unref();
};

// Backstop for any exit path that skipped the clean stop (an uncaught error, process.exit).
process.on('exit', () => {
  rmSync(provisionBarrier, { recursive: true, force: true });
  for (const part of serviceParts) part.killNow();
  consolePart?.killNow();
  cloudPart?.killNow();
});

/** Services first, so none sees the local cloud vanish under it; then the local cloud. */
const stopEverything = async (): Promise<void> => {
  state.shuttingDown = true;
  // The local cloud stops last: until then it tells a new npm start that this one is stopping,
  // so that the new one waits for the ports rather than refusing.
  run.stopping = true;
  report();
  const results = await Promise.allSettled(
    [...serviceParts, ...(consolePart === undefined ? [] : [consolePart])].map((part) =>
      part.stop(),
    ),
  );
  await cloudPart?.stop();
  removeBuildFolders(serviceDirs, buildFolder);
  rmSync(provisionBarrier, { recursive: true, force: true });
  logs.close();
  for (const result of results) {
    if (result.status === 'rejected') throw result.reason;
  }
};

onShutdownSignal(async (reason) => {
  print(`\n${reason}: stopping ${serviceParts.length} service(s) and the local cloud...`);
  try {
    await stopEverything();
    print('stopped');
    process.exit(0);
  } catch (error) {
    fail(error);
  }
});

try {
  const servicesDir = resolve(
    typeof rest['services-dir'] === 'string' ? rest['services-dir'] : join(repoRoot, 'services'),
  );
  const timeoutMs = readyTimeoutMs(rest['ready-timeout']);
  const portReleaseWaitMs = portWaitMs(rest['port-wait']);
  const requestedPorts = resolveLocalCloudPorts(options.ports);
  const services = discoverServices(servicesDir);
  const consolePortText =
    typeof rest['console-port'] === 'string'
      ? rest['console-port']
      : (process.env.CONVEYOR_CONSOLE_PORT ??
        // A test's services folder runs no console unless asked: its fixed port would clash
        // between runs side by side.
        (typeof rest['services-dir'] === 'string' ? 'off' : String(defaultConsolePort)));
  const consolePort = asUsageError(() =>
    parseConsolePort(
      consolePortText,
      typeof rest['console-port'] === 'string' ? '--console-port' : 'CONVEYOR_CONSOLE_PORT',
    ),
  );
  const requestedCloudPorts = [requestedPorts.fauxqs, requestedPorts.dynamodb, requestedPorts.ses];
  const servicePorts = services.flatMap((service) => [service.httpPort, service.lambdaPort]);
  // One that runs, and is not stopping, keeps its ports: waiting for them would only delay
  // the refusal. So does a local cloud run alone.
  const onCloudPorts = await localCloudOnPorts(requestedPorts);
  const other = onCloudPorts.npmStart;
  if (other !== undefined) {
    throw new LocalCloudError(
      `npm start is already running here (pid ${String(other.pid)}, started ${other.startedAt}${other.readyAfterMs === undefined ? ', still starting' : ''}). Stop it first (Ctrl-C where it runs, or kill ${String(other.pid)}): the services' ports are fixed in their project.json, so two npm starts cannot run side by side.`,
    );
  }
  const cloudAlreadyRunning = new LocalCloudError(
    `A local cloud is already running on 127.0.0.1 ports ${requestedPorts.fauxqs}, ${requestedPorts.dynamodb}, ${requestedPorts.ses} (another npm start's, or npm run local-cloud's). npm start runs its own and does not reuse it: stop the other one first (Ctrl-C where it runs). --ports moves only the local cloud: the services keep the ports their project.json declares, so two npm starts cannot run side by side.`,
  );
  if (onCloudPorts.alone) throw cloudAlreadyRunning;
  // The parts of an npm start killed with SIGKILL stop within seconds of it, keeping their ports
  // until then: a start right after waits for them rather than refusing.
  if (portReleaseWaitMs > 0) {
    await waitForPortsToFree([...requestedCloudPorts, ...servicePorts, consolePort ?? 0], {
      withinMs: portReleaseWaitMs,
      onWait: (taken) => {
        print(
          `Port(s) ${taken.join(', ')} in use: waiting up to ${String(portReleaseWaitMs / 1000)} s in case a previous npm start is still stopping.`,
        );
      },
    });
  }
  if (await isLocalCloudRunning(requestedPorts)) throw cloudAlreadyRunning;
  await checkServicePorts(services, requestedCloudPorts);
  if (consolePort !== undefined) {
    if (consolePort === 0) {
      throw new LocalCloudUsageError(
        'The console needs a fixed port, to be found again after a restart: choose a free one (--console-port N) or off.',
      );
    }
    if ([...requestedCloudPorts, ...servicePorts].includes(consolePort)) {
      throw new LocalCloudUsageError(
        `Console port ${consolePort} is another part's port; choose a free one (--console-port N) or off.`,
      );
    }
    await assertPortFree(consolePort, 'console', 'pass --console-port with a free port (or off)');
  }
  serviceDirs = services.map((service) => service.dir);
  removeStaleBuildFolders(serviceDirs);
  removeStaleBarrierFolders();

  const width = Math.max('local cloud'.length, ...services.map((service) => service.name.length));
  const printFrom =
    (name: string) =>
    (line: string): void => {
      // Once stopping, the parts only report that they were stopped: noise.
      if (!state.shuttingDown) print(`[${name.padEnd(width)}] ${line}`);
    };
  const keepAndPrintFrom = (name: string): ((line: string) => void) => {
    const keep = logs.lineWriter(name);
    const show = printFrom(name);
    return (line) => {
      keep(line);
      show(line);
    };
  };

  const inMemory = options.inMemory === true;
  const partEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...allocatorEnvironment(process.env),
    ...compileCacheEnvironment(process.env),
  };
  const dataDir = resolve(options.dataDir ?? defaultLocalCloudDataDir);
  const barrierNames = services.map((service) => service.name);
  // The ports the first run bound (0 resolved): a restarted cloud must come back on them, where
  // the services' clients look for it.
  let cloudPorts: LocalCloudPorts = requestedPorts;
  // The supervisor's lines about a part go to its log file too, where its own output stops.
  const cloudLine = keepAndPrintFrom('local cloud');
  let restartRound = 0;
  const cloud = new SupervisedPart({
    name: 'local cloud',
    launch: () => {
      const launched = launchCloudProcess({
        ports: cloudPorts,
        dataDir,
        inMemory,
        iam: options.iam !== false,
        env: partEnv,
        onLine: cloudLine,
        timeoutMs,
      });
      return {
        process: launched.process,
        ready: launched.ready.then((ports) => {
          cloudPorts = ports;
          // A restarted local cloud knows nothing of the run yet.
          reportSoon();
        }),
      };
    },
    log: cloudLine,
    ...(inMemory
      ? {
          restartNote:
            'Its state was in memory and is lost (orders, stock, queued messages, mail): the services restart once it is back, to provision their resources again.',
          // The services provisioned their queues, topics, tables and seed data at start.
          onRestarted: async () => {
            // A later restart of the local cloud starts a newer round; this one then says nothing.
            restartRound += 1;
            const round = restartRound;
            openProvisionBarrier(provisionBarrier, barrierNames);
            cloudLine(
              `back, empty: restarting ${String(serviceParts.length)} service(s) so they provision their resources again.`,
            );
            await Promise.all(serviceParts.map((part) => part.restart()));
            if (round !== restartRound) return;
            // Each restart has ended ready or not; which is what the operator asks next.
            const notReady = serviceParts.filter((part) => !part.isReady).map((part) => part.name);
            cloudLine(
              notReady.length === 0
                ? `${String(serviceParts.length)} service(s) restarted and ready on an empty local cloud.`
                : `restarted the services; not ready: ${notReady.join(', ')} (their lines above say why).`,
            );
          },
        }
      : {
          restartNote: `Its state is kept in ${dataDir}; the services reconnect by themselves.`,
        }),
  });
  cloudPart = cloud;
  await cloud.start();

  const endpoints = localCloudEndpointsFor(cloudPorts);
  const baseEnv: NodeJS.ProcessEnv = {
    ...partEnv,
    ...localCloudEnvironment(endpoints),
    // The services' own tooling (the serverless plugin) finds this local cloud through it.
    CONVEYOR_LOCAL_PORTS: formatLocalCloudPorts(cloudPorts),
    CONVEYOR_ESBUILD_DIR: buildFolder,
    // V8 grows each isolate's young generation to 64 MiB per semi-space under load and keeps it:
    // 130 MiB of each serverless-offline process (worker threads too) while idle. 1 MiB cost
    // about 4 ms an order more at 20/s; 8 MiB is the size that measured best
    // (docs/decisions/npm-start-young-generation-size.md). An operator's own NODE_OPTIONS come
    // first.
    NODE_OPTIONS: [process.env.NODE_OPTIONS, '--max-semi-space-size=8'].filter(Boolean).join(' '),
    ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}),
  };
  openProvisionBarrier(provisionBarrier, barrierNames);
  for (const service of services) {
    const { command, cwd, env } = service.offline;
    const serviceEnv = {
      ...baseEnv,
      PATH: executablePath(cwd),
      // The services stop by themselves when this supervisor is gone, even by SIGKILL.
      [supervisorPidVariable]: String(process.pid),
      // None serves before all have provisioned their resources (provisionBarrier.ts).
      [provisionBarrierVariable]: provisionBarrier,
      [provisionNameVariable]: service.name,
      ...env,
    };
    const showLine = keepAndPrintFrom(service.name);
    serviceParts.push(
      new SupervisedPart({
        name: service.name,
        launch: () => {
          const child = startServiceProcess({
            name: service.name,
            command: 'sh',
            args: ['-c', command],
            cwd,
            env: serviceEnv,
            onLine: (line) => {
              if (tally.readLine(service.name, line)) reportSoon();
              showLine(line);
            },
          });
          return {
            process: child,
            // Marked by the supervisor too: a service whose offline does not load the plugin,
            // and so never marks itself, holds the others only until it is ready.
            ready: waitUntilReady(child, { httpPort: service.httpPort, timeoutMs }).then(() => {
              markProvisioned(provisionBarrier, service.name);
            }),
          };
        },
        log: showLine,
      }),
    );
  }
  if (consolePort !== undefined) {
    const consoleArgs = [
      join(repoRoot, 'tools', 'console', 'src', 'main.ts'),
      '--port',
      String(consolePort),
      '--logs-dir',
      logs.dir,
      '--services-dir',
      servicesDir,
    ];
    const showLine = printFrom('console');
    consolePart = new SupervisedPart({
      name: 'console',
      launch: () => {
        const child = startServiceProcess({
          name: 'console',
          command: process.execPath,
          args: consoleArgs,
          cwd: repoRoot,
          env: baseEnv,
          onLine: showLine,
        });
        return {
          process: child,
          ready: waitUntilReady(child, { httpPort: consolePort, timeoutMs }),
        };
      },
      log: showLine,
    });
  }
  if (!state.shuttingDown) {
    await Promise.all(
      [...serviceParts, ...(consolePart === undefined ? [] : [consolePart])].map((part) =>
        part.start(),
      ),
    );
    // From this process's start; npm's own start before it is not counted.
    run.readyAfterMs = Math.round(performance.now());
    report();
    print(formatReadyTable(services, endpoints));
    // trace reads the repo's logs folder unless told otherwise: the hint names any other.
    const traceArgs = logs.dir === defaultLogsDir ? '' : ` --logs-dir ${shellQuoted(logs.dir)}`;
    print(
      `Logs: ${logs.dir}, ${logs.bound} per part; npm run trace -- <orderId>${traceArgs} follows one order.`,
    );
    if (consolePort !== undefined) {
      print(
        `Console: http://127.0.0.1:${consolePort}/ (queues, DLQs, recent orders; off with --console-port off)`,
      );
    }
  }
} catch (error) {
  if (!state.shuttingDown) {
    await stopEverything().catch(() => undefined);
    fail(error);
  }
}
