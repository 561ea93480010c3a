// `npm run bench:e2e`: the whole system under orders at fixed rates. Against the running `npm start`
// (or one it starts itself when nothing answers), it measures an idle window (AWS calls per second
// while nothing happens, npm start's memory and CPU), then drives orders at each rate and prints
// POST /checkout and POST→SHIPPED percentiles, the highest rate at which every order ships within
// 10 s, AWS calls and Lambda invocations per order beside the minimum the flow needs, and the cost
// per million orders at AWS list prices. Counts come from the local cloud
// (GET /_local-cloud/stats), which sees every signed call and hears of every invocation from npm
// start's supervisor. Loopback only; bounded in orders and time; writes <repo>/.bench/e2e.json.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { archiveRetentionDaysFor, topology } from '@conveyor/event-types';
import { type LocalRunSnapshot, readLocalRunStats } from '@conveyor/local-cloud';
import { queueDepth, repoRoot } from '@conveyor/service-testing';
import { awsPrices } from './benchE2e/awsPrices.ts';
import {
  callsByOperation,
  CountersResetError,
  functionCallsOnly,
  type UsageWindow,
  usageBetween,
  withoutFunctions,
} from './benchE2e/callUsage.ts';
import type { SystemFacts } from './benchE2e/costPerMillion.ts';
import { deriveFlowMinimum, type FlowMinimum } from './benchE2e/flowMinimum.ts';
import {
  formatCallsPerOrder,
  formatCost,
  formatCpuByPart,
  formatCpuPerOrder,
  formatLatency,
  formatShippingByWindow,
  formatTable,
} from './benchE2e/formatReport.ts';
import { readFunctionSizing } from './benchE2e/functionMemory.ts';
import { type CpuSpeed, measureCpuSpeed } from './benchE2e/cpuSpeed.ts';
import {
  attachOrStart,
  type RunningSystem,
  SystemRunningError,
} from './benchE2e/npmStartProcess.ts';
import {
  clockTicksPerSecond,
  cpuPercentBetween,
  cpuSecondsBetween,
  cpuSecondsByPart,
  type MemorySummary,
  sampleTree,
  summarizeMemory,
} from './benchE2e/processTree.ts';
import {
  followOrders,
  highestPassingRate,
  placeOrders,
  planSteps,
  type StepOutcome,
  type StepSummary,
  summarizeStep,
} from './benchE2e/rateStep.ts';
import { accountStep, type StepAccount } from './benchE2e/stepAccount.ts';
import { describeFailure, untilAnswered } from './untilAnswered.ts';
import { parseOrExit, wholeNumberOrExit } from './commandLine.ts';
import { conveyorClient } from './conveyorClient.ts';
import {
  type LocalQueue,
  localQueues,
  type LocalSystem,
  localSystemOrExit,
  waitForQueuesToDrain,
} from './localSystem.ts';

const usage = `Usage: npm run bench:e2e -- [options]

Against the running npm start (started by the bench when nothing answers on checkout's port):
an idle window, then orders at each rate.

  --rates LIST            orders per second, comma-separated (default 5,10,20,40; each 1-100)
  --step-seconds N        each rate sends for about N seconds (default 20)
  --max-orders N          at most N orders per rate (default 400, at most 2000)
  --orders N              exactly N orders per rate instead (at most 2000)
  --finish-within N       seconds to wait after a rate's last POST for its orders (default 60)
  --idle-seconds N        the quiet window (default 15)
  --settle-seconds N      wait N seconds after the warm-up before the quiet window (default 0);
                          from 100 on, the warm-up's extra function instances have stopped
  --warmup N              orders placed one a second first, not measured (default 4; 0: none)
  --sku SKU               what every order buys (default LAMP-DESK; its stock is topped up)
  --all-rates             go on after a rate where an order failed to ship within 10 s
  --ready-timeout N       seconds npm start may take to be ready, one it started or one found
                          starting (default 300)
  --in-memory, --no-iam   start npm start with these options (refused when one runs already);
                          with --no-iam the local cloud counts no calls: latency, CPU and memory
                          only. AWS_LAMBDA_LOG_LEVEL reaches a started npm start too.`;

const { values } = parseOrExit(
  () =>
    parseArgs({
      options: {
        rates: { type: 'string', default: '5,10,20,40' },
        'step-seconds': { type: 'string', default: '20' },
        'max-orders': { type: 'string', default: '400' },
        orders: { type: 'string' },
        'finish-within': { type: 'string', default: '60' },
        'idle-seconds': { type: 'string', default: '15' },
        'settle-seconds': { type: 'string', default: '0' },
        warmup: { type: 'string', default: '4' },
        sku: { type: 'string', default: 'LAMP-DESK' },
        'all-rates': { type: 'boolean', default: false },
        'ready-timeout': { type: 'string', default: '300' },
        'in-memory': { type: 'boolean', default: false },
        'no-iam': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }),
  usage,
);
const bounded = (text: string, name: string, max: number): number =>
  wholeNumberOrExit(text, name, max, usage);
const rates = values.rates.split(',').map((rate) => bounded(rate.trim(), 'rates', 100));
if (rates.length > 8) {
  console.error(`--rates takes at most 8 rates\n\n${usage}`);
  process.exit(2);
}
const plans = planSteps(
  rates,
  bounded(values['step-seconds'], 'step-seconds', 120),
  bounded(values['max-orders'], 'max-orders', 2_000),
  values.orders === undefined ? undefined : bounded(values.orders, 'orders', 2_000),
);
const finishWithinMs = bounded(values['finish-within'], 'finish-within', 900) * 1000;
const idleMs = bounded(values['idle-seconds'], 'idle-seconds', 300) * 1000;
const settleMs =
  values['settle-seconds'] === '0'
    ? 0
    : bounded(values['settle-seconds'], 'settle-seconds', 600) * 1000;
const warmupOrders = values.warmup === '0' ? 0 : bounded(values.warmup, 'warmup', 50);
const readyTimeoutMs = bounded(values['ready-timeout'], 'ready-timeout', 1_800) * 1000;
const { sku } = values;

// The bench's own reads and stock top-up run through these: not the flow's work.
const observationFunctions = [
  'checkout.getOrder',
  'inventory.putStockItem',
  'inventory.getStockItem',
];
const benchDir = join(repoRoot, '.bench');
// The local cloud where the other tools find it (CONVEYOR_LOCAL_PORTS, or the defaults).
const local = localSystemOrExit('bench:e2e');
const cloudEndpoint = `http://127.0.0.1:${String(local.ports.fauxqs)}`;
const log = (line: string): void => {
  console.log(line);
};

const sum = (values: readonly number[]): number =>
  values.reduce((total, value) => total + value, 0);

const formatCpuSpeed = (before: CpuSpeed, after: CpuSpeed): string =>
  `\nCPU speed: a fixed CPU loop in the bench's own process (median of ${String(before.runsMs.length)} runs) took ${before.medianMs.toFixed(1)} ms before the run and ${after.medianMs.toFixed(1)} ms after it; lower is faster. Compare it between runs on one machine: a higher figure means a slower CPU, which raises every CPU figure above; an unchanged one rules that cause out.`;

/**
 * A call to a part of npm start that waits while that part does not answer: its supervisor
 * restarts a part that died (a `kill -9`, say) within seconds. Two minutes at most.
 */
const answered = <T>(part: string, call: () => Promise<T>): Promise<T> =>
  untilAnswered(call, {
    patienceMs: 120_000,
    pauseMs: 1_000,
    onFirstFailure: (error) => {
      log(`  ${part} did not answer (${describeFailure(error)}); waiting up to 2 min for it`);
    },
  });

/** The local run's counters, waiting for the local cloud while it restarts. */
const readCounters = (): Promise<LocalRunSnapshot | undefined> =>
  answered('the local cloud', () => readLocalRunStats(cloudEndpoint));

/** Waits (bounded) until every consumer queue is empty, nothing in flight. */
const waitDrained = async (
  aws: LocalSystem['aws'],
  queues: readonly LocalQueue[],
  timeoutMs: number,
): Promise<boolean> => {
  const holding = await waitForQueuesToDrain(aws, queues, timeoutMs, {
    pollMs: 500,
    depthOf: (queue) => answered('the local cloud', () => queueDepth(aws, queue.url)),
  });
  return Object.keys(holding).length === 0;
};

const functionActivity = (snapshot: LocalRunSnapshot): number =>
  sum(
    snapshot.requests.filter((count) => count.caller.startsWith('fn.')).map((count) => count.calls),
  ) + sum(snapshot.npmStart?.functions.map((totals) => totals.invocations) ?? []);

/**
 * The counters once the system has settled: two reads a second apart that agree on the
 * functions' calls and invocations (npm start reports invocations within a quarter second).
 */
const settledStats = async (): Promise<LocalRunSnapshot | undefined> => {
  let previous = await readCounters();
  for (let attempt = 0; previous !== undefined && attempt < 15; attempt += 1) {
    await sleep(1_000);
    const next = await readCounters();
    if (next === undefined || functionActivity(next) === functionActivity(previous)) return next;
    previous = next;
  }
  return previous;
};

interface StepRecord {
  readonly summary: StepSummary;
  readonly drained: boolean;
  readonly account?: StepAccount;
  /** What the flow needs at the batching this step achieved; with `account`. */
  readonly minimum?: FlowMinimum;
  readonly countsSkipped?: string;
  readonly outcome: StepOutcome;
  /** CPU time of npm start's processes from the step's first order until its queues drained. */
  readonly cpuMsPerOrder?: number;
  /** The same, by part (per thread, from /proc: see `cpuPartOf`). */
  readonly cpuByPart?: readonly { part: string; msPerOrder: number }[];
}

const main = async (): Promise<number> => {
  // Before anything runs: a body filter of unknown share fails here, naming its queue; a step
  // with no stated minimum counts as its delivery alone, and the bench says which.
  const unstated = deriveFlowMinimum(topology, { lines: 1, optInShare: 0.5 }).deliveries.filter(
    (delivery) => !delivery.stated,
  );
  for (const delivery of unstated) {
    log(
      `minimum of ${delivery.consumer} <- ${delivery.eventType} not stated in consumerStepMinimums (tools/e2e/src/benchE2e/flowMinimum.ts): counted as its delivery alone, no write`,
    );
  }
  mkdirSync(benchDir, { recursive: true });
  // Before npm start runs (or while the one found running idles): the CPU's own speed.
  const speedBefore = measureCpuSpeed();
  const { endpoints, aws } = local;
  const api = conveyorClient(endpoints);
  const dataDir = join(benchDir, 'e2e-state');
  const startOptions = {
    checkoutUrl: endpoints.checkout,
    cloudEndpoint,
    repoRoot,
    dataDir,
    logFile: join(benchDir, 'e2e-npm-start.log'),
    readyTimeoutMs,
    startArgs: [
      ...(values['in-memory'] ? ['--in-memory'] : []),
      ...(values['no-iam'] ? ['--no-iam'] : []),
    ],
    log,
  };
  let system: RunningSystem;
  try {
    system = await attachOrStart(startOptions);
  } catch (error) {
    if (!(error instanceof SystemRunningError)) throw error;
    console.error(error.message);
    aws.destroy();
    return 2;
  }
  let stopping: Promise<void> | undefined;
  const stopSystem = (): Promise<void> => (stopping ??= system.stop());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      log(
        `\n${signal}: stopping${system.startedByBench ? ' the npm start the bench began' : ''}...`,
      );
      void stopSystem().finally(() => process.exit(130));
    });
  }
  try {
    const firstStats = await readCounters();
    const npmStart = firstStats?.npmStart;
    // The process tree measured: npm start's supervisor as the local cloud reports it, or the npm
    // the bench started when the local cloud reports nothing (--no-iam).
    const treeRoot = npmStart?.pid ?? system.pid;
    log(
      `bench:e2e against ${endpoints.checkout}: npm start ${system.startedByBench ? 'started by the bench' : 'found running'}${npmStart === undefined ? '' : ` (supervisor pid ${String(npmStart.pid)})`}; rates ${plans.map((plan) => `${String(plan.rate)}/s × ${String(plan.orders)}`).join(', ')}`,
    );
    if (firstStats === undefined) {
      log(
        `The local cloud serves no counters (GET /_local-cloud/stats): it runs with --no-iam, or predates them. No calls, invocations or cost per order${treeRoot === undefined ? '; latency only' : ''}.`,
      );
    } else if (npmStart === undefined) {
      log(
        'No npm start report in the local cloud (it runs on its own, not under npm start): no invocation counts, memory or CPU.',
      );
    }
    if (firstStats === undefined && treeRoot === undefined) {
      log('It was not started by the bench either: no memory or CPU.');
    }
    const queues = await localQueues(aws);
    if (!(await waitDrained(aws, queues, 120_000))) {
      throw new Error(
        'The consumer queues did not drain within 120 s of the start: the system is busy with something else.',
      );
    }

    const totalOrders = warmupOrders + sum(plans.map((plan) => plan.orders));
    const stock = await api.getStock(sku);
    if (stock.status !== 200)
      throw new Error(`Cannot read ${sku}'s stock: ${String(stock.status)}`);
    const topUp = await api.setStock(sku, stock.body.reserved + totalOrders + 10);
    if (topUp.status !== 200) throw new Error(`Cannot set ${sku}'s stock: ${String(topUp.status)}`);
    const runId = randomUUID().slice(0, 8);

    // A few orders first, so that no rate pays for the functions' first (cold) invocations.
    if (warmupOrders > 0) {
      log(`warm-up: ${String(warmupOrders)} orders, one a second, not measured...`);
      const warmupPlaced = await placeOrders(
        { rate: 1, orders: warmupOrders },
        { api, sku, runId: `${runId}-warmup`, finishWithinMs, log },
      );
      await waitDrained(aws, queues, finishWithinMs);
      const warmup = summarizeStep(await followOrders(warmupPlaced, { api, finishWithinMs }));
      if (warmup.shipped < warmupOrders) {
        log(
          `  warm-up: only ${String(warmup.shipped)} of ${String(warmupOrders)} orders shipped; going on`,
        );
      }
    }

    // The idle window. Right after the warm-up it still sees the instances the warm-up started
    // (and their garbage collection); serverless offline stops one 90 s after its last call.
    if (settleMs > 0) {
      log(`settling: ${String(settleMs / 1000)} s before the idle window...`);
      await sleep(settleMs);
    }
    const sizing = readFunctionSizing(join(repoRoot, 'services'));
    const ticks = clockTicksPerSecond();
    const treeBefore = treeRoot === undefined ? undefined : sampleTree(treeRoot);
    const idleStart = await settledStats();
    log(`idle window: ${String(idleMs / 1000)} s with no orders...`);
    await sleep(idleMs);
    const idleEnd = await readCounters();
    const treeAfterIdle = treeRoot === undefined ? undefined : sampleTree(treeRoot);
    let idleWindow: UsageWindow | undefined;
    try {
      idleWindow =
        idleStart === undefined || idleEnd === undefined
          ? undefined
          : functionCallsOnly(usageBetween(idleStart, idleEnd));
    } catch (error) {
      if (!(error instanceof CountersResetError)) throw error;
      log(`  idle calls not counted, and idle CPU includes a restart: ${error.message}`);
    }
    const idleCpuPercent =
      treeBefore === undefined || treeAfterIdle === undefined
        ? undefined
        : cpuPercentBetween(treeBefore, treeAfterIdle, ticks);
    const memoryIdle: MemorySummary | undefined =
      treeAfterIdle === undefined ? undefined : summarizeMemory(treeAfterIdle);

    // The rates.
    const steps: StepRecord[] = [];
    for (const plan of plans) {
      const before = await settledStats();
      const treeBeforeStep = treeRoot === undefined ? undefined : sampleTree(treeRoot);
      // A step of its own in the keys: a rate given twice (the second run warm) places new orders.
      const placed = await placeOrders(plan, {
        api,
        sku,
        runId: `${runId}-${String(steps.length + 1)}`,
        finishWithinMs,
        log,
      });
      // The order is SHIPPED before its shipped notice is mailed: wait for the flow's tail.
      const drained = await waitDrained(aws, queues, finishWithinMs);
      const treeAfterStep = treeRoot === undefined ? undefined : sampleTree(treeRoot);
      // Read once the flow is done: the reads are neither measured nor in the orders' way.
      const outcome = await followOrders(placed, { api, finishWithinMs });
      const summary = summarizeStep(outcome);
      const cpuWindow =
        treeBeforeStep === undefined || treeAfterStep === undefined || summary.accepted === 0
          ? undefined
          : { before: treeBeforeStep, after: treeAfterStep };
      const msPerOrder = (seconds: number): number => (1000 * seconds) / summary.accepted;
      const cpuMsPerOrder =
        cpuWindow === undefined
          ? undefined
          : msPerOrder(cpuSecondsBetween(cpuWindow.before, cpuWindow.after, ticks));
      const cpuByPart =
        cpuWindow === undefined
          ? undefined
          : cpuSecondsByPart(cpuWindow.before, cpuWindow.after, ticks).map(({ part, seconds }) => ({
              part,
              msPerOrder: msPerOrder(seconds),
            }));
      const after = await settledStats();
      let account: StepAccount | undefined;
      let stepMinimum: FlowMinimum | undefined;
      let countsSkipped: string | undefined;
      if (before === undefined || after === undefined) countsSkipped = 'no counters';
      else if (!drained || summary.unfinished > 0) {
        countsSkipped = 'orders still in flight when the step stopped waiting';
      } else {
        try {
          const window = withoutFunctions(
            functionCallsOnly(usageBetween(before, after)),
            observationFunctions,
            topology.namePrefix,
          );
          const orders = outcome.orders.filter((order) => order.orderId !== undefined);
          const minimum = deriveFlowMinimum(topology, {
            lines: 1,
            optInShare:
              orders.length === 0
                ? 0
                : orders.filter((order) => order.optIn).length / orders.length,
          });
          const httpRequests = sum(
            outcome.orders.map((order) => order.statuses.filter((status) => status !== 0).length),
          );
          account = accountStep(
            window,
            orders.length,
            httpRequests,
            minimum,
            systemFacts(sizing),
            awsPrices,
          );
          stepMinimum = minimum;
        } catch (error) {
          if (!(error instanceof CountersResetError)) throw error;
          countsSkipped = error.message;
        }
      }
      steps.push({
        summary,
        drained,
        outcome,
        ...(account === undefined ? {} : { account }),
        ...(stepMinimum === undefined ? {} : { minimum: stepMinimum }),
        ...(countsSkipped === undefined ? {} : { countsSkipped }),
        ...(cpuMsPerOrder === undefined ? {} : { cpuMsPerOrder }),
        ...(cpuByPart === undefined ? {} : { cpuByPart }),
      });
      log(
        `  ${String(plan.rate)}/s: ${String(summary.shipped)}/${String(summary.orders)} SHIPPED${summary.postToShippedMs === undefined ? '' : `, POST→SHIPPED p99 ${(summary.postToShippedMs.p99 / 1000).toFixed(2)} s`}${countsSkipped === undefined ? '' : `; calls not counted: ${countsSkipped}`}`,
      );
      if (!summary.everyOrderShippedWithin && !values['all-rates']) {
        log(
          `  stopping: not every order shipped within 10 s at ${String(plan.rate)}/s (--all-rates goes on)`,
        );
        break;
      }
      if (!drained) {
        log('  stopping: the queues did not drain, so a further rate would start on a backlog');
        break;
      }
    }
    const treeAfterRun = treeRoot === undefined ? undefined : sampleTree(treeRoot);
    const stats = await readCounters();

    // The report.
    const summaries = steps.map((step) => step.summary);
    const highest = highestPassingRate(summaries);
    log(
      '\nLatency (POST: first POST to its 201, retries included; POST→SHIPPED: to when checkout recorded SHIPPED in the order timeline)',
    );
    log(formatLatency(summaries));
    log(formatShippingByWindow(summaries));
    log(
      `Highest rate at which every order shipped within 10 s: ${highest === undefined ? 'none of those tried' : `${String(highest)} orders/s`}`,
    );
    const cpuLine = formatCpuPerOrder(
      steps.map((step) => ({ rate: step.summary.rate, cpuMsPerOrder: step.cpuMsPerOrder })),
      cpus().length,
    );
    if (cpuLine !== undefined) log(cpuLine);
    const byPart = formatCpuByPart(
      steps.flatMap((step) =>
        step.cpuByPart === undefined ? [] : [{ rate: step.summary.rate, parts: step.cpuByPart }],
      ),
    );
    if (byPart !== undefined) log(byPart);
    const accounted = steps.flatMap((step) =>
      step.account === undefined ? [] : [{ rate: step.summary.rate, account: step.account }],
    );
    // Of a rate run twice (--rates 20,20), the later, warm step.
    const referenceStep =
      steps.findLast((step) => step.summary.rate === highest && step.account !== undefined) ??
      steps.find((step) => step.account !== undefined);
    const reference =
      referenceStep?.account === undefined
        ? undefined
        : { rate: referenceStep.summary.rate, account: referenceStep.account };
    const referenceMinimum = referenceStep?.minimum;
    if (reference !== undefined && referenceMinimum !== undefined) {
      log(
        '\nAWS calls and Lambda invocations per order (calls functions made, signed with their own credentials; min = what the flow needs at the batching each rate achieved, see tools/e2e/README.md)',
      );
      log(formatCallsPerOrder(referenceMinimum, accounted));
      log(
        `Minimum per order at one record per batch: ${sum(referenceMinimum.deliveries.map((delivery) => delivery.perOrder)).toFixed(1)} deliveries, ${reference.account.minimum.oneRecordPerBatch.awsCalls.toFixed(2)} AWS calls, ${reference.account.minimum.oneRecordPerBatch.lambdaInvocations.toFixed(2)} invocations; with full batches ${reference.account.minimum.fullBatches.awsCalls.toFixed(2)} calls, ${reference.account.minimum.fullBatches.lambdaInvocations.toFixed(2)} invocations.`,
      );
      log(
        `\nCost per million orders at ${String(reference.rate)}/s, AWS list prices (${awsPrices.region}, as of ${awsPrices.asOf}; Lambda GB-s from the billed durations serverless-offline measured here, at each function's configured memory; DynamoDB one unit per item, a lower bound)`,
      );
      log(formatCost(reference.account));
    } else {
      log('\nNo rate could be accounted for (see above): no calls per order or cost.');
    }
    if (idleWindow !== undefined) {
      const idleOps = callsByOperation(idleWindow);
      const perSecond = (calls: number): string => (calls / idleWindow.seconds).toFixed(2);
      const idleInvocations = sum(
        idleWindow.invocations?.map((totals) => totals.invocations) ?? [],
      );
      const floor = Object.keys(topology.queues).length / 20;
      log(
        `\nIdle (${idleWindow.seconds.toFixed(1)} s, no orders): ${perSecond(sum(idleOps.map((op) => op.calls)))} AWS calls/s, ${perSecond(idleInvocations)} invocations/s; floor ${floor.toFixed(2)} calls/s (one 20 s long poll per consumer queue, ${String(Object.keys(topology.queues).length)} queues)${idleWindow.seconds < 60 ? `; a window under 60 s sees whole long polls only by chance, so compare with the floor over --idle-seconds 60 or more` : ''}`,
      );
      // Pollers that all went back to a 20 s long poll together can leave a short window
      // with no call at all: say so instead of printing a table with no rows.
      log(
        idleOps.length === 0
          ? 'idle calls/s: none in the window'
          : formatTable([
              ['idle calls/s', ''],
              ...idleOps.map((op) => [`${op.service} ${op.operation}`, perSecond(op.calls)]),
            ]),
      );
    }
    if (memoryIdle !== undefined) {
      const afterRun = treeAfterRun === undefined ? undefined : summarizeMemory(treeAfterRun);
      // Instances stop 90 s after their last call: a window that starts sooner measures the
      // warm-up's instances winding down, not the system at rest, and should say so.
      const idleCaveat =
        warmupOrders > 0 && settleMs < 100_000
          ? ' (right after the warm-up, whose function instances still run: --settle-seconds 150 --idle-seconds 60 measures the system at rest)'
          : '';
      log(
        `\nnpm start: ${String(memoryIdle.processes)} processes, PSS ${(memoryIdle.pssMib / 1024).toFixed(2)} GiB idle${afterRun === undefined ? '' : `, ${(afterRun.pssMib / 1024).toFixed(2)} GiB after the run`}; idle CPU ${idleCpuPercent === undefined ? '-' : idleCpuPercent.toFixed(1)}% of one core${idleCaveat}; ready ${readiness(system.readyAfterMs, npmStart?.readyAfterMs)}`,
      );
      log(
        formatTable([
          ['PSS by role', 'processes', 'MiB'],
          ...memoryIdle.byRole.map((role) => [
            role.role,
            String(role.processes),
            role.pssMib.toFixed(0),
          ]),
        ]),
      );
    }
    const speedAfter = measureCpuSpeed();
    log(formatCpuSpeed(speedBefore, speedAfter));
    const result = {
      when: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        loadavg: loadavg(),
        cpuSpeed: { before: speedBefore, after: speedAfter },
      },
      options: { plans, finishWithinMs, idleMs, settleMs, sku, startArgs: startOptions.startArgs },
      system: {
        startedByBench: system.startedByBench,
        readyAfterMs: { spawnToReady: system.readyAfterMs, supervisor: npmStart?.readyAfterMs },
        npmStartPid: npmStart?.pid,
        measuredTreeRoot: treeRoot,
        memory: {
          idle: memoryIdle,
          afterRun: treeAfterRun === undefined ? undefined : summarizeMemory(treeAfterRun),
        },
        idleCpuPercentOfOneCore: idleCpuPercent,
        uncountedInvocationLines: stats?.npmStart?.unreadLines,
      },
      idle: idleWindow === undefined ? undefined : idleSummary(idleWindow),
      highestRateEveryOrderShippedWithin10s: highest,
      steps: steps.map((step) => ({
        summary: step.summary,
        drained: step.drained,
        account: step.account,
        countsSkipped: step.countsSkipped,
        cpuMsPerOrder: step.cpuMsPerOrder,
        cpuByPart: step.cpuByPart,
        minimum: step.minimum,
        orders: step.outcome.orders,
      })),
      prices: awsPrices,
      excludedFunctions: observationFunctions,
    };
    const file = join(benchDir, 'e2e.json');
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`\nwritten ${file}`);
    return 0;
  } finally {
    aws.destroy();
    await stopSystem();
  }
};

const readiness = (spawnToReadyMs?: number, supervisorMs?: number): string =>
  [
    spawnToReadyMs === undefined
      ? undefined
      : `${(spawnToReadyMs / 1000).toFixed(1)} s after the bench spawned it`,
    supervisorMs === undefined
      ? undefined
      : `${(supervisorMs / 1000).toFixed(1)} s after its supervisor started`,
  ]
    .filter((part) => part !== undefined)
    .join(', ') || 'before the bench attached';

const systemFacts = (sizing: SystemFacts['sizing']): SystemFacts => ({
  sizing,
  standardQueueConsumers: new Set(
    Object.values(topology.queues)
      .filter((queue) => !queue.fifo)
      .map((queue) => `${queue.consumer}.${queue.function}`),
  ),
  standardTopicProducers: new Set(
    Object.values(topology.topics)
      .filter((topic) => !topic.fifo)
      .map((topic) => topic.producer),
  ),
  namePrefix: topology.namePrefix,
  // The longest prod retention of any FIFO topic (all keep a year): storage is billed over it.
  archiveMonths:
    Math.max(
      0,
      ...Object.entries(topology.topics)
        .filter(([, topic]) => topic.fifo)
        .map(([key]) => archiveRetentionDaysFor(key, 'prod', topology) ?? 0),
    ) /
    (365 / 12),
});

const idleSummary = (window: UsageWindow) => ({
  seconds: window.seconds,
  callsPerSecond: sum(window.requests.map((count) => count.calls)) / window.seconds,
  byOperation: callsByOperation(window).map((op) => ({
    ...op,
    perSecond: op.calls / window.seconds,
  })),
  invocationsPerSecond:
    window.invocations === undefined
      ? undefined
      : sum(window.invocations.map((totals) => totals.invocations)) / window.seconds,
  byCaller: window.requests,
  floorCallsPerSecond: Object.keys(topology.queues).length / 20,
});

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`bench:e2e: ${describeFailure(error)}`);
  process.exitCode = 1;
}
