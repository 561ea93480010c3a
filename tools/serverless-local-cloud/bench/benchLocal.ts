// Benchmark of the SQS event source runner: `node tools/serverless-local-cloud/bench/benchLocal.ts`
// (or `npm run bench:local`). On one local cloud it measures records/s delivered through the
// runner to a no-op function and through a plain SDK receive-and-delete loop, for a FIFO and a
// standard queue, and the startup time. Loopback only; bounded in records and time. Writes JSON
// under <repo>/.bench/. SIGINT, SIGTERM or SIGHUP (or its parent going away) stops every process
// it started, then it exits.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { constants, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { EventSourceRunner } from '../src/EventSourceRunner.ts';
import { defaultConcurrency, defaultFifoConcurrency } from '../src/readSqsEventSources.ts';
import { freePorts } from '@conveyor/local-cloud';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const benchServiceDir = fileURLToPath(new URL('./bench-service/', import.meta.url));
const localCloudMain = join(repoRoot, 'tools/local-cloud/src/main.ts');
const startAllScript = join(repoRoot, 'tools/local-cloud/src/startAll.ts');
const serverlessBin = join(repoRoot, 'node_modules/serverless/bin/serverless.js');

// Enough for a few seconds of steady state per measurement: the runner's offline process starts
// cold each round while the SDK loop runs in this warm process, so a sub-second window measures
// JIT warm-up rather than the runner.
/** A BENCH_* setting: a whole number within bounds, or the default; anything else stops here. */
const setting = (name: string, fallback: number, min: number, max: number): number => {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    process.stderr.write(
      `bench:local: ${name} must be a whole number from ${String(min)} to ${String(max)}, got "${text}" (see --help)\n`,
    );
    process.exit(2);
  }
  return Number(text);
};
const records = setting('BENCH_RECORDS', 20_000, 100, 50_000);
const fifoGroups = 20;
// Each contender runs this many times, alternating, and keeps its best: the first run of a
// code path in a process pays for JIT warm-up, which is not what is measured.
const rounds = setting('BENCH_ROUNDS', 3, 1, 5);
const phaseTimeoutMs = 120_000;
const startAllTimeoutMs = 240_000;

/** A child process in its own group, with its output kept. */
interface Child {
  readonly process: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, what: string, timeoutMs?: number): Promise<number>;
  /** SIGTERM to its group, SIGKILL after a grace period; then SIGKILL to anything it started. */
  stop(): Promise<void>;
}

/** The children not stopped yet: a shutdown signal stops them all. */
const running = new Set<Child>();
let shuttingDown = false;

/** Every process below `pid`, from /proc, so that none of those this bench started outlives it. */
const descendants = (pid: number): number[] => {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry)) {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
      } catch {
        // Gone meanwhile.
      }
    }
  }
  const found: number[] = [];
  const visit = (parent: number): void => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
};

const startChild = (args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Child => {
  if (shuttingDown) {
    throw new Error('benchLocal is stopping');
  }
  const child = spawn(process.execPath, args, {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = once(child, 'exit');
  const signal = (name: NodeJS.Signals): void => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, name);
      } catch {
        // Already gone.
      }
    }
  };
  const handle: Child = {
    process: child,
    output: () => output,
    waitFor: async (pattern, what, timeoutMs = phaseTimeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`${what}: not seen within ${timeoutMs} ms\n${output.slice(-2000)}`);
        }
        await sleep(10);
      }
      return performance.now();
    },
    stop: async () => {
      // Taken first: once the child is gone, what it started is re-parented out of reach.
      const family = process.platform === 'linux' ? descendants(child.pid ?? 0) : [];
      signal('SIGTERM');
      const timer = setTimeout(() => {
        signal('SIGKILL');
      }, 10_000);
      if (child.exitCode === null && child.signalCode === null) {
        await exited;
      }
      clearTimeout(timer);
      // Parts in process groups of their own (npm start's services) that a clean stop missed.
      for (const leftover of family) {
        try {
          process.kill(leftover, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      running.delete(handle);
    },
  };
  running.add(handle);
  return handle;
};

/**
 * Stops every child on SIGINT, SIGTERM or SIGHUP, or once this process is orphaned (its parent,
 * npm say, was killed), then exits as the signal would have. A second signal exits at once.
 */
const stopChildrenOnShutdown = (): void => {
  const parent = process.ppid;
  const shutDown = (reason: NodeJS.Signals | 'parent exited'): void => {
    if (shuttingDown) {
      if (reason !== 'parent exited') {
        process.exit(1);
      }
      return;
    }
    shuttingDown = true;
    clearInterval(parentWatch);
    console.error(
      `benchLocal: ${reason}; stopping the ${String(running.size)} process(es) it started`,
    );
    void Promise.allSettled([...running].map((child) => child.stop())).then(() => {
      process.exit(reason === 'parent exited' ? 1 : 128 + constants.signals[reason]);
    });
  };
  // Linux has no "parent died" signal for Node: an orphan is re-parented, so its ppid changes.
  const parentWatch = setInterval(() => {
    if (process.ppid !== parent) {
      shutDown('parent exited');
    }
  }, 500).unref();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, shutDown);
  }
};

const offlineReady = /serverless-local-cloud: polling \d+ SQS event source/;

const startOffline = async (ports: {
  fauxqs: number;
  dynamodb: number;
  ses: number;
}): Promise<Child> => {
  const [httpPort = 0, lambdaPort = 0] = await freePorts(2);
  return startChild(
    [
      serverlessBin,
      'offline',
      'start',
      '--host',
      '127.0.0.1',
      '--httpPort',
      String(httpPort),
      '--lambdaPort',
      String(lambdaPort),
    ],
    benchServiceDir,
    { CONVEYOR_LOCAL_PORTS: JSON.stringify(ports) },
  );
};

const preload = async (
  sqs: SQSClient,
  queueUrl: string,
  fifo: boolean,
  runId: string,
): Promise<void> => {
  const batches = Array.from({ length: Math.ceil(records / 10) }, (_, batch) => batch);
  // A few batches in flight at once, to load quickly without flooding the broker.
  for (let start = 0; start < batches.length; start += 8) {
    await Promise.all(
      batches.slice(start, start + 8).map((batch) =>
        sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: Array.from({ length: Math.min(10, records - batch * 10) }, (_, item) => {
              const index = batch * 10 + item;
              return {
                Id: String(item),
                MessageBody: JSON.stringify({ runId, index }),
                ...(fifo
                  ? {
                      MessageGroupId: `group-${index % fifoGroups}`,
                      MessageDeduplicationId: `${runId}-${index}`,
                    }
                  : {}),
              };
            }),
          }),
        ),
      ),
    );
  }
};

const remaining = async (sqs: SQSClient, queueUrl: string): Promise<number> => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
  );
};

/**
 * Steady-state rate: from the moment 10% is gone to the moment all is gone, so that starting
 * workers (and connections) does not count against either contender.
 */
const steadyRate = (startedAt: number, finishedAt: number): number =>
  Math.round((records * 0.9) / ((finishedAt - startedAt) / 1000));

/**
 * The runner of a warm offline process (started once per queue kind, as `npm start` keeps its
 * services running): the records are preloaded with a queue delay, so the runner starts on a
 * full queue rather than racing the preload, and each round after the first runs on code the
 * JIT has already compiled, as the SDK loop's rounds do in this process.
 */
const measureRunner = async (sqs: SQSClient, queueUrl: string, fifo: boolean): Promise<number> => {
  const delaySeconds = Math.ceil(2 + records / 4_000);
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: queueUrl,
      Attributes: { DelaySeconds: String(delaySeconds) },
    }),
  );
  const preloadStarted = performance.now();
  try {
    await preload(sqs, queueUrl, fifo, `runner-${Date.now()}`);
  } finally {
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { DelaySeconds: '0' } }),
    );
  }
  const preloadMs = performance.now() - preloadStarted;
  if (preloadMs > delaySeconds * 1000) {
    console.warn(
      `benchLocal: preloading took ${String(Math.round(preloadMs))} ms, longer than the ${String(delaySeconds)} s delay: the runner started before it ended`,
    );
  }
  const deadline = Date.now() + phaseTimeoutMs;
  let tenPercent: number | undefined;
  for (;;) {
    const left = await remaining(sqs, queueUrl);
    const now = performance.now();
    if (tenPercent === undefined && left <= records * 0.9) {
      tenPercent = now;
    }
    if (left === 0 && tenPercent !== undefined) {
      return steadyRate(tenPercent, now);
    }
    if (Date.now() > deadline) {
      throw new Error(`runner left ${left} of ${records} records after ${phaseTimeoutMs} ms`);
    }
    await sleep(20);
  }
};

/** The runner in this process with an instant function: its own cost, without serverless-offline's. */
const measureBareRunner = async (
  sqs: SQSClient,
  queueUrl: string,
  fifo: boolean,
): Promise<number> => {
  await preload(sqs, queueUrl, fifo, `bare-${Date.now()}`);
  const queueName = queueUrl.slice(queueUrl.lastIndexOf('/') + 1);
  let delivered = 0;
  let tenPercent: number | undefined;
  let finished: number | undefined;
  const runner = new EventSourceRunner({
    source: {
      functionKey: 'bench',
      queueArn: `arn:aws:sqs:us-east-1:000000000000:${queueName}`,
      queueName,
      queueUrl,
      fifo,
      batchSize: 10,
      maximumBatchingWindowSeconds: 0,
      reportBatchItemFailures: true,
      // As readSqsEventSources gives the bench service's sources, which set none.
      maximumConcurrency: fifo ? defaultFifoConcurrency : defaultConcurrency,
    },
    region: 'us-east-1',
    sqs,
    log: { info: () => undefined, warning: console.warn, error: console.error },
    invoke: (event) => {
      delivered += event.Records.length;
      return Promise.resolve({ batchItemFailures: [] });
    },
  });
  runner.start();
  try {
    const deadline = Date.now() + phaseTimeoutMs;
    while (finished === undefined) {
      const left = await remaining(sqs, queueUrl);
      const now = performance.now();
      if (tenPercent === undefined && delivered >= records * 0.1) {
        tenPercent = now;
      }
      if (left === 0 && tenPercent !== undefined) {
        finished = now;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `bare runner left ${left} of ${records} records after ${phaseTimeoutMs} ms`,
        );
      }
      await sleep(20);
    }
    return steadyRate(tenPercent ?? finished, finished);
  } finally {
    await runner.stop();
  }
};

const measureSdkLoop = async (sqs: SQSClient, queueUrl: string, fifo: boolean): Promise<number> => {
  await preload(sqs, queueUrl, fifo, `loop-${Date.now()}`);
  const deadline = Date.now() + phaseTimeoutMs;
  let deleted = 0;
  let tenPercent: number | undefined;
  while (deleted < records) {
    if (Date.now() > deadline) {
      throw new Error(
        `SDK loop deleted ${deleted} of ${records} records after ${phaseTimeoutMs} ms`,
      );
    }
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map(({ ReceiptHandle }, index) => ({
            Id: String(index),
            ReceiptHandle,
          })),
        }),
      );
      deleted += Messages.length;
    }
    if (tenPercent === undefined && deleted >= records * 0.1) {
      tenPercent = performance.now();
    }
  }
  return steadyRate(tenPercent ?? performance.now(), performance.now());
};

type Ports = { fauxqs: number; dynamodb: number; ses: number };
const portsFlag = (ports: Ports): string =>
  `fauxqs=${ports.fauxqs},dynamodb=${ports.dynamodb},ses=${ports.ses}`;

/**
 * `npm start` (startAll.ts) from spawn to its ready table, in memory on free cloud ports. The
 * services keep the ports their project.json declares; a clash makes it fail, which is reported.
 */
const measureStartAll = async (): Promise<Record<string, unknown>> => {
  if (!existsSync(startAllScript)) {
    return { measured: 'npm start', skipped: 'tools/local-cloud/src/startAll.ts does not exist' };
  }
  const [fauxqs = 0, dynamodb = 0, ses = 0] = await freePorts(3);
  const started = performance.now();
  const child = startChild(
    [
      startAllScript,
      '--in-memory',
      '--ports',
      portsFlag({ fauxqs, dynamodb, ses }),
      '--ready-timeout',
      '180',
    ],
    repoRoot,
    {},
  );
  try {
    const ready = await child.waitFor(
      /Ctrl-C stops everything\./,
      'npm start ready table',
      startAllTimeoutMs,
    );
    const services = /(\d+) services? ready/.exec(child.output())?.[1] ?? '0';
    return {
      measured: 'npm start (tools/local-cloud/src/startAll.ts) to its ready table',
      readyMs: Math.round(ready - started),
      services: Number(services),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      measured: 'npm start',
      failed: message.split('\n').slice(0, 1).join(''),
      outputTail: child.output().slice(-1500),
    };
  } finally {
    // SIGTERM lets startAll stop its services (each in its own process group); stop() then
    // makes sure.
    await child.stop();
  }
};

const measureStartup = async (
  ports: Ports,
): Promise<{ measured: string; readyMs: number; cloud: Child }> => {
  const started = performance.now();
  const cloud = startChild(
    [localCloudMain, '--in-memory', '--ports', portsFlag(ports)],
    repoRoot,
    {},
  );
  await cloud.waitFor(/local cloud ready/, 'local cloud ready');
  const offline = await startOffline(ports);
  const ready = await offline.waitFor(offlineReady, 'offline ready');
  await offline.stop();
  return {
    measured: 'local cloud (tools/local-cloud/src/main.ts) + one sls offline start, to both ready',
    readyMs: Math.round(ready - started),
    cloud,
  };
};

const main = async (): Promise<void> => {
  stopChildrenOnShutdown();
  const [fauxqs = 0, dynamodb = 0, ses = 0] = await freePorts(3);
  const ports = { fauxqs, dynamodb, ses };
  const loadBefore = loadavg();
  console.log(
    `benchLocal: ${records} records per measurement, ${fifoGroups} FIFO groups, ${rounds} rounds, ports ${JSON.stringify(ports)}, load ${loadBefore.map((load) => load.toFixed(1)).join(' ')}`,
  );
  const npmStart =
    process.env['BENCH_NPM_START'] === '0'
      ? { measured: 'npm start', skipped: 'BENCH_NPM_START=0' }
      : await measureStartAll();
  console.log(`npm start: ${JSON.stringify({ ...npmStart, outputTail: undefined })}`);
  const startup = await measureStartup(ports);
  const sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${fauxqs}`,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  try {
    const queue = (name: string): string =>
      `http://127.0.0.1:${fauxqs}/000000000000/slc-bench-bench-${name}`;
    const results: Record<
      string,
      { runner: number; sdkLoop: number; ratio: number; runnerWithoutOffline: number }
    > = {};
    for (const [kind, name, fifo] of [
      ['standard', 'work', false],
      ['fifo', 'work.fifo', true],
    ] as const) {
      // The SDK loop and the runner without offline get a queue of their own, which the
      // offline process does not poll.
      const { QueueUrl: ownQueue = '' } = await sqs.send(
        new CreateQueueCommand({
          QueueName: `slc-bench-bench-sdk-${name}`,
          Attributes: { VisibilityTimeout: '30', ...(fifo ? { FifoQueue: 'true' } : {}) },
        }),
      );
      const runnerRates: number[] = [];
      const loopRates: number[] = [];
      const bareRates: number[] = [];
      const offline = await startOffline(ports);
      try {
        await offline.waitFor(offlineReady, 'offline ready');
        for (let round = 0; round < rounds; round += 1) {
          runnerRates.push(await measureRunner(sqs, queue(name), fifo));
          loopRates.push(await measureSdkLoop(sqs, ownQueue, fifo));
          bareRates.push(await measureBareRunner(sqs, ownQueue, fifo));
        }
      } finally {
        await offline.stop();
      }
      console.log(
        `${kind}: runner ${runnerRates.join(', ')}; SDK loop ${loopRates.join(', ')}; runner without offline ${bareRates.join(', ')} records/s`,
      );
      const runner = Math.max(...runnerRates);
      const sdkLoop = Math.max(...loopRates);
      const runnerWithoutOffline = Math.max(...bareRates);
      const ratio = Math.round((runner / sdkLoop) * 100) / 100;
      results[kind] = { runner, sdkLoop, ratio, runnerWithoutOffline };
      console.log(
        `${kind.padEnd(8)} runner ${String(runner).padStart(6)} records/s   SDK loop ${String(sdkLoop).padStart(6)} records/s   ratio ${ratio} (goal >= 0.8)   runner without offline ${runnerWithoutOffline} records/s`,
      );
    }
    console.log(`startup  ${startup.readyMs} ms: ${startup.measured}`);
    const loadAfter = loadavg();
    const report = {
      at: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadAverage: { before: loadBefore, after: loadAfter },
      records,
      fifoGroups,
      rounds,
      method: `best of the rounds; records/s from 10% to 100% drained; runner: no-op function through serverless-offline, batch 10, up to ${String(defaultConcurrency)} concurrent batches (${String(defaultFifoConcurrency)} on FIFO); SDK loop: one receive(10)/DeleteMessageBatch loop`,
      results,
      startup: {
        npmStart,
        cloudAndOneService: { measured: startup.measured, readyMs: startup.readyMs },
      },
    };
    const dir = join(repoRoot, '.bench');
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'serverless-local-cloud.json');
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`written ${file}`);
  } finally {
    sqs.destroy();
    await startup.cloud.stop();
  }
};

const usage = `Usage: npm run bench:local

Measures the SQS event source runner against a plain SDK loop on one local cloud, and the
startup of the local cloud, one service and npm start (which takes the services' fixed ports:
stop any npm start first). Writes JSON under <repo>/.bench/. Settings are environment variables:
  BENCH_RECORDS=N     records per measurement (default 20000, 100 to 50000)
  BENCH_ROUNDS=N      runs of each contender, best kept (default 3, 1-5)
  BENCH_NPM_START=0   skip the npm start timing`;

// No options: anything but -h/--help is refused, so a mistyped flag does not start a long run.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
  console.log(usage);
} else if (argv.length > 0) {
  process.stderr.write(
    `bench:local: takes no arguments (got ${argv.join(' ')}); its settings are BENCH_* variables (see --help)\n`,
  );
  process.exitCode = 2;
} else {
  await main();
}
