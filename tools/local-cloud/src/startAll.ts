// `npm start`: the local cloud (in this process) plus every service's serverless-offline.
import { delimiter, dirname, join, resolve } from 'node:path';
import { cloudArgumentsUsage, parseCloudArguments } from './cloudArguments.ts';
import { describeLocalCloud } from './describeLocalCloud.ts';
import { discoverServices, type LocalService } from './discoverServices.ts';
import { LocalCloudError } from './errors.ts';
import { formatReadyTable } from './formatReadyTable.ts';
import { isLocalCloudRunning } from './isLocalCloudRunning.ts';
import { localCloudEnvironment } from './localCloudEnvironment.ts';
import { formatLocalCloudPorts, resolveLocalCloudPorts } from './localCloudPorts.ts';
import { assertPortFree } from './loopback.ts';
import { onShutdownSignal } from './onShutdownSignal.ts';
import { repoRoot } from './repoRoot.ts';
import { type ServiceProcess, startServiceProcess, waitUntilReady } from './serviceProcess.ts';
import { type LocalCloud, startLocalCloud } from './startLocalCloud.ts';

const defaultReadyTimeoutSeconds = 180;

const usage = `Usage: node tools/local-cloud/src/startAll.ts [options]   (npm start)

Starts the local cloud, then \`nx run <service>:offline\` for every service under services/ with
an offline target (ports from its project.json "metadata.localPorts"), and waits until all are
ready. Ctrl-C or SIGTERM stops everything.

${cloudArgumentsUsage}
  --services-dir DIR       where services live (default <repo>/services)
  --ready-timeout SECONDS  how long each service may take to be ready (default ${defaultReadyTimeoutSeconds})

A local cloud already running on the same ports is not reused: stop it first, or choose other
ports.`;

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

const fail = (error: unknown): never => {
  process.stderr.write(
    error instanceof LocalCloudError
      ? `npm start: ${error.message}\n`
      : `${String(error instanceof Error ? error.stack : error)}\n`,
  );
  process.exit(1);
};

const readyTimeoutMs = (text: string | boolean | undefined): number => {
  if (typeof text !== 'string') return defaultReadyTimeoutSeconds * 1000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new LocalCloudError(`Invalid --ready-timeout "${text}": expected seconds > 0.`);
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
      await assertPortFree(port, `${service.name} ${kind}`);
    }
  }
};

const { options, help, rest } = (() => {
  try {
    return parseCloudArguments(process.argv.slice(2), process.env, [
      'services-dir',
      'ready-timeout',
    ]);
  } catch (error) {
    return fail(error);
  }
})();

if (help) {
  print(usage);
  process.exit(0);
}

const running: ServiceProcess[] = [];
let cloud: LocalCloud | undefined;
// An object, so TypeScript does not narrow it away across the awaits that change it.
const state = { shuttingDown: false };

// Backstop for any exit path that skipped the clean stop (an uncaught error, process.exit).
process.on('exit', () => {
  for (const service of running) service.killNow();
});

const stopEverything = async (): Promise<void> => {
  state.shuttingDown = true;
  const results = await Promise.allSettled(running.map((service) => service.stop()));
  await cloud?.stop();
  for (const result of results) {
    if (result.status === 'rejected') throw result.reason;
  }
};

try {
  const servicesDir = resolve(
    typeof rest['services-dir'] === 'string' ? rest['services-dir'] : join(repoRoot, 'services'),
  );
  const timeoutMs = readyTimeoutMs(rest['ready-timeout']);
  const requestedPorts = resolveLocalCloudPorts(options.ports);
  if (await isLocalCloudRunning(requestedPorts)) {
    throw new LocalCloudError(
      `A local cloud is already running on 127.0.0.1 ports ${requestedPorts.fauxqs}, ${requestedPorts.dynamodb}, ${requestedPorts.ses}. npm start runs its own and does not reuse it: stop the other one (Ctrl-C where \`npm run local-cloud\` runs), or pass other ports (npm start -- --ports ...).`,
    );
  }
  const services = discoverServices(servicesDir);
  await checkServicePorts(services, [
    requestedPorts.fauxqs,
    requestedPorts.dynamodb,
    requestedPorts.ses,
  ]);

  cloud = await startLocalCloud(options);
  const startedCloud = cloud;
  onShutdownSignal(async (signal) => {
    print(`\n${signal}: stopping ${running.length} service(s) and the local cloud...`);
    try {
      await stopEverything();
      print('stopped');
      process.exit(0);
    } catch (error) {
      fail(error);
    }
  });
  print(describeLocalCloud(startedCloud, options));

  const width = Math.max(0, ...services.map((service) => service.name.length));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...localCloudEnvironment(startedCloud.endpoints),
    // The services' own tooling (the serverless plugin) finds this local cloud through it.
    CONVEYOR_LOCAL_PORTS: formatLocalCloudPorts(startedCloud.ports),
    // npx's `#!/usr/bin/env node` must find this Node (the repo's pinned one), not the system's.
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
    // No daemon left behind, no terminal UI on a pipe.
    NX_DAEMON: 'false',
    NX_TUI: 'false',
    ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}),
  };
  for (const service of services) {
    const prefix = `[${service.name.padEnd(width)}] `;
    running.push(
      startServiceProcess({
        name: service.name,
        command: 'npx',
        args: ['nx', 'run', `${service.name}:offline`],
        cwd: repoRoot,
        env,
        onLine: (line) => {
          // Once stopping, nx only reports each service as "did not complete": noise.
          if (!state.shuttingDown) print(`${prefix}${line}`);
        },
      }),
    );
  }
  try {
    await Promise.all(
      services.map((service, index) => {
        const child = running[index];
        return child === undefined
          ? Promise.resolve()
          : waitUntilReady(child, { httpPort: service.httpPort, timeoutMs });
      }),
    );
  } catch (error) {
    if (!state.shuttingDown) {
      await stopEverything().catch(() => undefined);
      fail(error);
    }
  }
  if (!state.shuttingDown) {
    print(formatReadyTable(services, startedCloud));
    for (const child of running) {
      void child.exited.then(({ code, signal }) => {
        if (!state.shuttingDown) {
          print(
            `[${child.name}] exited (${signal ?? `code ${String(code)}`}); the others keep running.`,
          );
        }
      });
    }
  }
} catch (error) {
  await stopEverything().catch(() => undefined);
  fail(error);
}
