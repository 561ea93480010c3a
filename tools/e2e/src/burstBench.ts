// `npm run bench:burst`: a burst of orders against the running system (`npm start`), at a fixed
// rate, as a client would send them (one Idempotency-Key per order, retried on 5xx, 409, 429
// and network errors for up to 30 s). Prints how long each order took from its first POST to a
// terminal status (SHIPPED or REJECTED; p50/p95/p99), and each DLQ's depth at the end. Loopback
// only; bounded in orders, rate and time; exits non-zero if an order was not accepted, was lost
// (404 after its 201), did not finish, or a DLQ is not empty. Writes JSON under <repo>/.bench/.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { queueDepth, repoRoot, sleep } from '@conveyor/service-testing';
import {
  type CheckoutRequest,
  conveyorClient,
  type OrderView,
  recordedTimeOf,
} from './conveyorClient.ts';
import {
  assertSystemRunning,
  dlqDepthsOf,
  localQueues,
  localSystemOrExit,
  waitForQueuesToDrain,
} from './localSystem.ts';
import { parseOrExit, wholeNumberOrExit } from './commandLine.ts';
import { percentiles } from './percentiles.ts';
import { type Placement, placeWithRetries } from './placeWithRetries.ts';
import { lostOrders } from './lostOrders.ts';
import { describeFailure, untilAnswered } from './untilAnswered.ts';

const usage = `Usage: npm run bench:burst -- [--orders N] [--rate N] [--sku SKU] [--finish-within SECONDS] [--settle-within SECONDS]

Sends N orders (default 150, at most 1000) at N per second (default 15, at most 100) to the
running system's POST /checkout, waits for each to end SHIPPED or REJECTED (--finish-within, 600
s), and prints the time from first POST to terminal status as checkout recorded it. Then waits
for every consumer queue to drain (--settle-within, 300 s: a failed record is retried after its
visibility timeout) and reads every DLQ. Sets the SKU's stock (default LAMP-DESK) to the number
of orders first, so every order can ship.

A POST with no answer, a 5xx, a 409 or a 429 is retried after 1 s for up to 30 s (npm start
brings a killed part back within about 12 s). Setting the stock and reading the local cloud's
queues, before and after, wait for a restart too. The burst stops, exit 1, when checkout, the
local cloud or inventory does not answer for 60 s. An accepted order that reads 404 for 10 s is
lost (an --in-memory local cloud restarted): it is not waited for, and the burst fails.`;

const { values } = parseOrExit(
  () =>
    parseArgs({
      options: {
        orders: { type: 'string', default: '150' },
        rate: { type: 'string', default: '15' },
        sku: { type: 'string', default: 'LAMP-DESK' },
        'finish-within': { type: 'string', default: '600' },
        'settle-within': { type: 'string', default: '300' },
        help: { type: 'boolean', default: false },
      },
    }),
  usage,
);
const bounded = (text: string, name: string, max: number): number =>
  wholeNumberOrExit(text, name, max, usage);
const orders = bounded(values.orders, 'orders', 1_000);
const rate = bounded(values.rate, 'rate', 100);
const finishWithinMs = bounded(values['finish-within'], 'finish-within', 3_600) * 1000;
const settleWithinMs = bounded(values['settle-within'], 'settle-within', 3_600) * 1000;
const sku = values.sku;

const retryPauseMs = 1_000;
// npm start's supervisor brings a killed part back within about 12 s: a fault drill's orders
// are retried for longer than that, and a system that stays silent for a minute is gone.
const retryForMs = 30_000;
const goneAfterMs = 60_000;
// An accepted order that reads 404 this long is gone (an in-memory local cloud restarted).
const lostAfterMs = 10_000;
const terminal = new Set(['SHIPPED', 'REJECTED']);

/**
 * A call that waits out a restart of `what`, as the burst's POSTs do, saying so once with
 * `waiting(reason)` unless that is undefined.
 */
const patiently = <T>(
  what: string,
  call: () => Promise<T>,
  waiting?: (reason: string) => string,
): Promise<T> =>
  untilAnswered(call, {
    what,
    patienceMs: goneAfterMs,
    pauseMs: retryPauseMs,
    ...(waiting !== undefined && {
      onFirstFailure: (error: unknown) => {
        console.log(waiting(describeFailure(error)));
      },
    }),
  });

/**
 * A read of the local cloud that waits out a restart: a drill may have just killed it, and an
 * --in-memory one has the queues again only once the services have provisioned them anew.
 */
const fromLocalCloud = <T>(call: () => Promise<T>, { quiet = false } = {}): Promise<T> =>
  patiently(
    'the local cloud',
    call,
    quiet
      ? undefined
      : (reason) =>
          `the local cloud's queues could not be read (${reason}); waiting up to ${String(goneAfterMs / 1000)} s for them`,
  );

interface Placed extends Placement {
  readonly index: number;
}

const request = (index: number, runId: string): CheckoutRequest => {
  const id = `cus-burst-${runId}-${String(index)}`;
  return {
    customer: { id, email: `${id}@example.com`, name: 'Ada Lovelace' },
    lines: [{ sku, quantity: 1 }],
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '12 Analytical Row',
      city: 'London',
      postalCode: 'NW1 6XE',
      country: 'GB',
    },
    currency: 'GBP',
    marketingOptIn: index % 2 === 0,
  };
};

const main = async (): Promise<number> => {
  const system = localSystemOrExit('bench:burst');
  const { endpoints, aws } = system;
  const api = conveyorClient(endpoints);
  try {
    // As patient as its other calls to the local cloud: a drill may be restarting it.
    await assertSystemRunning(system, { cloudPatienceMs: goneAfterMs });
    const queues = await fromLocalCloud(() => localQueues(aws));
    const dlqBefore = await fromLocalCloud(() => dlqDepthsOf(aws, queues));
    // Setting a level is safe to repeat, and a drill may be restarting inventory or the local
    // cloud just now: no answer or a 5xx is retried, as a POST is.
    const stock = await patiently(
      `inventory (${endpoints.inventory})`,
      async () => {
        const answer = await api.setStock(sku, orders);
        if (answer.status >= 500) throw new Error(`inventory answered ${String(answer.status)}`);
        return answer;
      },
      (reason) =>
        `inventory could not set the stock (${reason}); retrying for up to ${String(goneAfterMs / 1000)} s`,
    );
    if (stock.status !== 200) {
      throw new Error(`Could not set ${sku} stock: ${String(stock.status)}`);
    }
    const runId = randomUUID().slice(0, 8);
    console.log(
      `burst: ${String(orders)} orders at ${String(rate)}/s against ${endpoints.checkout} (run ${runId}, ${sku} stock set to ${String(orders)})`,
    );

    const place = async (index: number): Promise<Placed> => {
      const body = request(index, runId);
      const headers = { 'idempotency-key': `burst-${runId}-${String(index)}` };
      const placed = await placeWithRetries(
        () => api.placeOrder(body, headers).catch(() => undefined),
        { pauseMs: retryPauseMs, retryForMs },
      );
      return { index, ...placed };
    };

    const startedAt = Date.now();
    const placing: Promise<Placed>[] = [];
    for (let index = 0; index < orders; index += 1) {
      const due = startedAt + (index * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      placing.push(place(index));
    }
    const placed = await Promise.all(placing);
    const accepted = placed.filter(
      (order): order is Placed & { orderId: string } => order.orderId !== undefined,
    );

    // Terminal time is when checkout recorded the terminal step (server clock, same machine), so
    // polling granularity does not enter the figures.
    const finished = new Map<string, OrderView>();
    const missing = lostOrders({ lostAfterMs });
    const settled = (): number => finished.size + missing.lost().size;
    const deadline = Date.now() + finishWithinMs;
    while (settled() < accepted.length && Date.now() < deadline) {
      for (const order of accepted) {
        if (finished.has(order.orderId) || missing.lost().has(order.orderId)) continue;
        const view = await untilAnswered(() => api.getOrder(order.orderId), {
          what: `checkout (${endpoints.checkout})`,
          patienceMs: goneAfterMs,
          pauseMs: retryPauseMs,
          onFirstFailure: (error) => {
            console.log(
              `checkout did not answer (${describeFailure(error)}); waiting up to ${String(goneAfterMs / 1000)} s for it`,
            );
          },
        });
        if (view.status === 200 && terminal.has(view.body.status)) {
          finished.set(order.orderId, view.body);
        }
        missing.observe(order.orderId, view.status);
      }
      if (settled() < accepted.length) await sleep(500);
    }
    // Records that failed (marketing's, analytics') may still be in flight, waiting out their
    // visibility timeout before a retry or the DLQ: a DLQ read before they settle says nothing.
    const stillQueued = await waitForQueuesToDrain(aws, queues, settleWithinMs, {
      // Quiet: asked for every queue on every pass.
      depthOf: (queue) => fromLocalCloud(() => queueDepth(aws, queue.url), { quiet: true }),
    });
    const dlqAfter = await fromLocalCloud(() => dlqDepthsOf(aws, queues));
    const toTerminalMs = accepted.flatMap((order) => {
      const view = finished.get(order.orderId);
      const end = view?.timeline.find((entry) => terminal.has(entry.status));
      return end === undefined ? [] : [recordedTimeOf(end) - order.firstPostAt];
    });
    const retried = placed.filter((order) => order.statuses.length > 1);
    const statusCounts: Record<string, number> = {};
    for (const order of placed)
      for (const status of order.statuses)
        statusCounts[String(status)] = (statusCounts[String(status)] ?? 0) + 1;
    const outcome = {
      shipped: [...finished.values()].filter((view) => view.status === 'SHIPPED').length,
      rejected: [...finished.values()].filter((view) => view.status === 'REJECTED').length,
      notAccepted: placed.length - accepted.length,
      lost: missing.lost().size,
      notTerminal: accepted.length - settled(),
    };
    const dlqGrew = Object.entries(dlqAfter).filter(
      ([queue, depth]) => depth > (dlqBefore[queue] ?? 0),
    );
    const result = {
      when: new Date().toISOString(),
      machine: { cpus: cpus().length, loadavg: loadavg() },
      orders,
      rate,
      outcome,
      httpStatuses: statusCounts,
      ordersRetried: retried.length,
      acceptMs: percentiles(placed.map((order) => order.lastAnswerAfterMs)),
      postToTerminalMs: toTerminalMs.length > 0 ? percentiles(toTerminalMs) : undefined,
      stillQueued,
      dlqDepths: { before: dlqBefore, after: dlqAfter },
      method:
        'Each order is POSTed at its slot of a fixed-rate schedule; a 5xx, 409, 429 or network error is retried with the same Idempotency-Key after 1 s, for up to 30 s from its first POST. POST to terminal = the time checkout recorded the terminal step of the order timeline minus the first POST of that order. Nearest-rank percentiles. DLQ depths are read once every consumer queue is empty (visible and in flight), or after --settle-within.',
    };
    const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `accepted ${String(accepted.length)}/${String(orders)} (${String(retried.length)} needed a retry; HTTP statuses ${JSON.stringify(statusCounts)})`,
    );
    console.log(
      `terminal ${String(finished.size)}/${String(accepted.length)}: ${String(outcome.shipped)} SHIPPED, ${String(outcome.rejected)} REJECTED`,
    );
    if (outcome.lost > 0) {
      console.log(
        `lost ${String(outcome.lost)}/${String(accepted.length)}: accepted, then 404 for ${String(lostAfterMs / 1000)} s (checkout no longer knows them: was an --in-memory local cloud restarted?)`,
      );
    }
    if (result.postToTerminalMs !== undefined) {
      const { p50, p95, p99, max } = result.postToTerminalMs;
      console.log(
        `POST -> terminal: p50 ${fmt(p50)}  p95 ${fmt(p95)}  p99 ${fmt(p99)}  max ${fmt(max)}`,
      );
    }
    console.log(
      `accept (POST -> 201, retries included): p50 ${fmt(result.acceptMs.p50)}  p95 ${fmt(result.acceptMs.p95)}  p99 ${fmt(result.acceptMs.p99)}`,
    );
    if (Object.keys(stillQueued).length > 0) {
      console.log(
        `queues not drained after ${String(settleWithinMs / 1000)} s: ${JSON.stringify(stillQueued)}`,
      );
    }
    console.log(`DLQ depths after: ${JSON.stringify(dlqAfter)}`);
    const dir = join(repoRoot, '.bench');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'burst.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`written ${join(dir, 'burst.json')}`);
    const notDrained = Object.keys(stillQueued);
    const failed =
      outcome.notAccepted > 0 ||
      outcome.lost > 0 ||
      outcome.notTerminal > 0 ||
      dlqGrew.length > 0 ||
      notDrained.length > 0;
    if (failed) {
      console.error(
        `FAILED: ${String(outcome.notAccepted)} not accepted, ${String(outcome.lost)} lost, ${String(outcome.notTerminal)} not terminal, DLQs grown: ${dlqGrew.map(([queue]) => queue).join(', ') || 'none'}, queues not drained: ${notDrained.join(', ') || 'none'}`,
      );
    }
    return failed ? 1 : 0;
  } finally {
    aws.destroy();
  }
};

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`bench:burst: ${describeFailure(error)}`);
  process.exitCode = 1;
}
