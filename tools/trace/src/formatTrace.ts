import { topology as defaultTopology, type Topology } from '@conveyor/event-types';
import { StepOutcomes, type TimelineStep } from './buildTimeline.ts';
import { DlqSources } from './dlqAccess.ts';
import {
  type Finding,
  isStuckFinding,
  Verdicts,
  type WaitingOnEmptyQueue,
  waitsOnEmptyQueue,
} from './diagnose.ts';
import type { OrderDeadLetter, QueueReading, QueueState } from './inspectQueues.ts';
import { isCustomerTrace } from './isCustomerTrace.ts';
import type { CustomerOrder } from './ordersOfCustomer.ts';
import type { OrderTrace } from './traceOrder.ts';

const short = (id: string | undefined): string => (id === undefined ? '' : id.slice(0, 8));

const clock = (time: Date): string => time.toISOString().slice(11, 23);

// A silence, as an operator reads it: "850 ms", "42 s", "3 min 12 s", "2 h 5 min".
const elapsed = (ms: number): string => {
  if (ms < 1_000) return `${String(Math.max(0, Math.round(ms)))} ms`;
  const seconds = Math.floor(ms / 1_000);
  if (seconds < 60) return `${String(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${String(minutes)} min ${String(seconds % 60)} s`;
  return `${String(Math.floor(minutes / 60))} h ${String(minutes % 60)} min`;
};

const latestStartMarginMs = 5_000;
// SNS hands a message to its subscribed queues within seconds: one published longer ago than this
// that no queue holds is not coming.
const deliveredWithinMs = 60_000;

// An ISO time cut to the second, as `npm run replay` takes it.
const wholeSecond = (ms: number): string =>
  new Date(Math.floor(ms / 1_000) * 1_000).toISOString().replace('.000Z', 'Z');

const seconds = (ms: number): string =>
  ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(2)} s`;

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

const named = (service: string, functionName: string | undefined): string =>
  functionName === undefined ? service : `${service} ${functionName}`;

const outcomeText = (step: TimelineStep): string => {
  const said = step.messages.filter((message) => message !== '').join('; ');
  const published = step.published.length === 0 ? '' : ` → ${step.published.map(short).join(', ')}`;
  const delivery = step.attempt === undefined ? '' : ` (delivery ${step.attempt})`;
  const reason = step.reason === undefined ? '' : `: ${step.reason}`;
  switch (step.outcome) {
    case StepOutcomes.Handled:
      // The first delivery is the usual case: only a redelivery is worth the words.
      return `handled${step.attempt === undefined || step.attempt === 1 ? '' : delivery}${said === '' ? '' : `: ${said}`}${published}`;
    case StepOutcomes.Retrying:
      return `FAILED${delivery}, will be retried${reason}`;
    case StepOutcomes.FailedPermanently:
      return `FAILED for good${delivery}${reason}`;
    case StepOutcomes.Unfinished:
      return `no outcome logged (running, timed out or crashed)${said === '' ? '' : `: ${said}`}`;
    case StepOutcomes.Error:
      return `ERROR: ${said}${reason}`;
    default:
      return `${said}${published}`;
  }
};

const table = (rows: readonly (readonly string[])[]): string[] => {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(column === row.length - 1 ? 0 : (widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
};

const describeQueue = (reading: QueueReading | undefined): string => {
  if (reading === undefined) return '';
  if (!reading.exists)
    return `${reading.name} does not exist (its service is not running or not deployed)`;
  return `${reading.name}: ${reading.visible} visible, ${reading.inFlight} in flight`;
};

// A queue's or DLQ's name without the stage prefix, as `npm run dlq` and `npm run replay` take it.
const shortName = (name: string, stage: string, topology: Topology): string =>
  name.slice(`${topology.namePrefix}-${stage}-`.length);

// Why a consumer may wait on an empty queue: its subscriptions, when they were read.
const emptyQueueLines = (
  finding: WaitingOnEmptyQueue,
  stage: string,
  topology: Topology,
  now: Date,
): readonly string[] => {
  const { queue } = finding;
  const stageFlag = stage === 'local' ? '' : ` --stage ${stage}`;
  // From the paused replay's end: SNS has held back everything published since.
  const resume = (from: string): string =>
    `npm run replay -- ${shortName(queue.name, stage, topology).replace(/\.fifo$/, '')} --from ${from}${stageFlag}`;
  if (queue.held === undefined) {
    // Unread subscriptions leave that end unknown. A fixed "1m ago" would lose what SNS held back
    // before it, so the hint names the end and, from the event's publication, the latest start
    // that still delivers this order's message (a margin for the producer logging after SNS took it).
    const latest =
      finding.publishedAt === undefined
        ? []
        : [
            `       ${finding.eventType} ${finding.eventId} was published at ${clock(finding.publishedAt)}: --from ${wholeSecond(finding.publishedAt.getTime() - latestStartMarginMs)} is the latest start that still delivers it.`,
          ];
    return [
      `       Its queue is empty: the message is on its way, or the queue's subscription is paused after a replay with an end (--to, --no-resume); ${resume("<that replay's end>")} resumes it with what SNS held back since.`,
      ...latest,
    ];
  }
  // Only a subscription to a topic that carries the event can hold it back.
  const carriers = new Set(
    Object.values(topology.topics)
      .filter((topic) => (topic.events as readonly string[]).includes(finding.eventType))
      .map((topic) => `${topology.namePrefix}-${stage}-${topic.name}`),
  );
  const held = queue.held.filter(({ topic }) => carriers.has(topic));
  if (held.length === 0) {
    const { publishedAt } = finding;
    if (publishedAt === undefined || now.getTime() - publishedAt.getTime() <= deliveredWithinMs) {
      return [
        `       Its queue is empty, and no subscription of it that carries ${finding.eventType} is paused: the message is on its way.`,
      ];
    }
    return [
      `       Its queue is empty, and no subscription of it that carries ${finding.eventType} is paused, but ${finding.eventType} was published at ${clock(publishedAt)}, over a minute ago: it did not reach this queue. The queue was not subscribed then (SNS drops what no subscription takes: a consumer deployed after its producer, a local cloud restarted in memory), or SNS could not deliver it (see the subscription's DLQ and the topic's delivery-failure alarm).`,
      `       ${resume(wholeSecond(publishedAt.getTime() - latestStartMarginMs))} delivers it, with everything its topics took since.`,
    ];
  }
  return held.map(({ topic, endingPoint, status }) => {
    switch (status) {
      case 'Completed':
        return `       Its subscription to ${topic} is paused: a replay that ended at ${endingPoint} completed (--to, --no-resume), and SNS delivers it nothing new until it is resumed; ${resume(endingPoint)} resumes it.`;
      case 'Failed':
        return `       Its subscription to ${topic} has a replay with an end (${endingPoint}) that failed, and SNS delivers it nothing new until a replay without an end is set; ${resume(endingPoint)} resumes it.`;
      default:
        return `       Its subscription to ${topic} replays up to ${endingPoint} (${status ?? 'status not reported'}), then stays paused, and SNS delivers it nothing new until it is resumed; ${resume(endingPoint)} resumes it.`;
    }
  });
};

// A delivery DLQ holds what SNS gave up delivering to the queue.
const isUndelivered = (deadLetter: OrderDeadLetter): boolean =>
  deadLetter.queue.source === DlqSources.Subscriptions;

const findingLines = (
  finding: Finding,
  stage: string,
  topology: Topology,
  now: Date,
): readonly string[] => {
  const stageFlag = stage === 'local' ? '' : ` --stage ${stage}`;
  switch (finding.kind) {
    case 'failing': {
      const subject =
        finding.eventType === undefined
          ? 'an invalid record'
          : `${finding.eventType} ${finding.eventId ?? ''}`.trim();
      const next = finding.leftForDlq
        ? 'failed for good on its last receive, so it went to the DLQ and holds nothing up; a redrive cannot fix it, and the DLQ says whether it is still there'
        : finding.permanent
          ? 'failed for good: it goes to the DLQ after its last receive'
          : 'retried after its visibility timeout';
      return [
        `${finding.leftForDlq ? 'NOTE ' : 'STUCK'}  ${named(finding.consumer, finding.functionName)} ${finding.leftForDlq ? 'failed' : 'fails'} ${subject}: ${finding.failures} failed ${finding.failures === 1 ? 'delivery' : 'deliveries'}, the last at ${clock(finding.lastFailedAt)}${finding.lastAttempt === undefined ? '' : ` (delivery ${finding.lastAttempt})`}, ${next}.`,
        ...(finding.reason === undefined ? [] : [`       reason: ${finding.reason}`]),
        ...[finding.queue, finding.dlq]
          .filter((reading) => reading !== undefined)
          .map((reading) => `       ${describeQueue(reading)}`),
      ];
    }
    case 'dead-letter': {
      const { deadLetter } = finding;
      const what =
        deadLetter.eventType === undefined
          ? 'a message'
          : `${deadLetter.eventType} ${deadLetter.eventId ?? ''}`.trim();
      // The consumer never saw it: its receives are peeks only, and a failure the consumer logged
      // for the event was another copy's.
      const undelivered = isUndelivered(deadLetter);
      const why = undelivered
        ? `SNS could not deliver it to ${deadLetter.queue.sourceName}, so ${named(finding.consumer, finding.functionName)} never received it`
        : `${named(finding.consumer, finding.functionName)} could not handle it`;
      const receives = undelivered ? '' : `, ${deadLetter.receiveCount} receives`;
      return [
        `STUCK  ${deadLetter.queue.name} holds ${what} of this order (message ${deadLetter.messageId}${receives}${deadLetter.sentAt === undefined ? '' : `, sent ${deadLetter.sentAt}`}): ${why}.`,
        ...(deadLetter.problems === undefined
          ? []
          : [`       not a valid event: ${deadLetter.problems.join('; ')}`]),
        // An invalid body's failure line says what the peek already did.
        ...(undelivered ||
        finding.reason === undefined ||
        finding.reason === deadLetter.problems?.join('; ')
          ? []
          : [`       reason: ${finding.reason}`]),
        nextStep(finding, `${shortName(deadLetter.queue.name, stage, topology)}${stageFlag}`),
      ];
    }
    case 'waiting': {
      const { queue } = finding;
      return [
        `WAIT   ${named(finding.consumer, finding.functionName)} has not handled ${finding.eventType} ${finding.eventId} yet${finding.started ? ` (it logged lines for it${finding.lastLineAt === undefined ? '' : `, the last at ${clock(finding.lastLineAt)}, ${elapsed(now.getTime() - finding.lastLineAt.getTime())} before this trace`}, but no outcome: still running, or timed out, crashed or stopped)` : ''}.`,
        // Nothing logs a timeout or a stopped process: how long it has been silent tells.
        ...(finding.started
          ? [
              "       An invocation ends within its function's timeout, and SQS hands its message out again after the queue's visibility timeout. Still in flight long after that, or visible with no new line: the consumer's process is stopped or not running.",
            ]
          : []),
        ...(queue === undefined ? [] : [`       ${describeQueue(queue)}`]),
        ...(waitsOnEmptyQueue(finding) ? emptyQueueLines(finding, stage, topology, now) : []),
      ];
    }
    case 'unreceived':
      return [
        `WAIT   ${named(finding.service, finding.functionName)} published ${finding.eventId} at ${clock(finding.publishedAt)}; no consumer has logged it yet.`,
        ...finding.queues.map((reading) => `       ${describeQueue(reading)}`),
      ];
  }
};

// What to do about a DLQ message: a body that is no event cannot be fixed by a redrive, and a
// plain redrive sends a poison back ahead of the events of its group (tools/dlq: --keep).
const nextStep = (finding: Extract<Finding, { kind: 'dead-letter' }>, dlq: string): string => {
  const { deadLetter, behindPoison } = finding;
  if (deadLetter.problems !== undefined) {
    return `       A redrive cannot fix a body that is no event. Redrive the rest without it: npm run dlq -- redrive ${dlq} --keep ${deadLetter.messageId}; it expires with the DLQ's retention, or purge the DLQ once nothing else is in it.`;
  }
  if (behindPoison !== undefined) {
    return `       It is behind a poison of its group (message ${behindPoison}), which a plain redrive sends back ahead of it. Fix the cause, then: npm run dlq -- redrive ${dlq} --keep ${behindPoison}`;
  }
  return `       Fix the cause, then: npm run dlq -- redrive ${dlq}`;
};

const headline = (trace: OrderTrace): string => {
  const { verdict, findings } = trace.diagnosis;
  const first = findings.find(isStuckFinding);
  if (verdict === Verdicts.Stuck && first !== undefined) {
    const event = first.kind === 'failing' ? first.eventType : first.deadLetter.eventType;
    const undelivered = first.kind === 'dead-letter' && isUndelivered(first.deadLetter);
    return `Where it is: STUCK ${undelivered ? 'on its way to' : 'at'} ${named(first.consumer, first.functionName)}${event === undefined ? '' : ` (${event})`}`;
  }
  if (verdict === Verdicts.InProgress) {
    return 'Where it is: in progress, not every consumer has handled its events yet';
  }
  return 'Where it is: done, every event reached every consumer it goes to';
};

// A customer may have placed many orders: the list shows the latest, the JSON has them all.
const listedOrders = 20;

// Listed, not followed: every order's timeline would bury the customer's own events.
const customerOrderLines = (orders: readonly CustomerOrder[]): string[] => {
  const shown = orders.slice(-listedOrders);
  return [
    `Orders placed by this customer: ${String(orders.length)}${shown.length < orders.length ? `, the latest ${String(shown.length)} below` : ''}. Trace one by its id, with the same options: npm run trace -- <orderId>`,
    ...shown.map(
      (order) =>
        `  ${order.placedAt.toISOString().slice(0, 10)} ${clock(order.placedAt)} UTC  ${order.orderId}`,
    ),
  ];
};

/**
 * Renders a trace for a terminal: the ids, the timeline (time, latency since the event was
 * published, service, function, event, outcome, invocation duration), where the order stands
 * with each reason, whether the queues were read, and for a customer the orders it placed.
 *
 * @example
 * ```ts
 * console.log(formatTrace(await traceOrder(options), 'local'));
 * ```
 */
export const formatTrace = (
  trace: OrderTrace,
  stage: string,
  topology: Topology = defaultTopology,
  now: Date = new Date(),
): string => {
  const { steps } = trace;
  const customerOrders = trace.customerOrders ?? [];
  if (steps.length === 0 && customerOrders.length > 0) {
    // A customer who placed orders without registering: nothing of its own to trace.
    return [
      `Customer ${trace.id}`,
      `No registration or opt-out of this customer in ${trace.source}.`,
      '',
      ...customerOrderLines(customerOrders),
    ].join('\n');
  }
  const services = [...new Set(steps.map((step) => step.service))];
  // Steps come in causal order, which can put a line that logged early after its producer.
  const times = steps.flatMap((step) => step.records.map((record) => record.time.getTime()));
  const first = times.length === 0 ? undefined : new Date(Math.min(...times));
  const last = times.length === 0 ? undefined : new Date(Math.max(...times));
  const traced = isCustomerTrace(trace) ? 'Customer' : 'Order';
  const lines: string[] = [
    `${traced} ${trace.orderIds.join(', ') || '?'}  correlation ${trace.correlationIds.join(', ') || '?'}`,
    first === undefined || last === undefined
      ? `No log lines in ${trace.source}.`
      : `${steps.reduce((sum, step) => sum + step.records.length, 0)} log lines from ${services.join(', ')} in ${trace.source}; ${first.toISOString().slice(0, 10)} ${clock(first)} to ${clock(last)} UTC (${seconds(last.getTime() - first.getTime())})`,
    '',
  ];
  if (steps.length > 0) {
    const rows = steps.map((step) => [
      clock(step.time),
      step.hopMs === undefined ? '' : `+${seconds(step.hopMs)}`,
      step.service,
      step.functionName ?? '?',
      step.route ??
        (`${step.eventType ?? ''} ${short(step.eventId)}`.trim() ||
          // The toolkit's line for a body it cannot read names no event.
          (step.outcome === StepOutcomes.FailedPermanently ? 'invalid event' : '-')),
      step.invocation === undefined
        ? ''
        : `${step.invocation.exact ? '' : '≈'}${seconds(step.invocation.durationMs)}${step.invocation.timedOut ? ' timed out' : ''}`,
      clip(outcomeText(step), 110),
    ]);
    lines.push(
      ...table([
        ['TIME (UTC)', 'HOP', 'SERVICE', 'FUNCTION', 'EVENT', 'INVOCATION', 'OUTCOME'],
        ...rows,
      ]),
      '',
    );
  }
  lines.push(headline(trace));
  const stuckFirst = [...trace.diagnosis.findings].sort(
    (a, b) => Number(isStuckFinding(b)) - Number(isStuckFinding(a)),
  );
  for (const finding of stuckFirst) {
    lines.push(...findingLines(finding, stage, topology, now).map((line) => `  ${line}`));
  }
  const filtered = trace.diagnosis.notExpected.filter((each) => each.why === 'body-filter');
  const absent = trace.diagnosis.notExpected.filter((each) => each.why === 'no-queue');
  if (filtered.length > 0) {
    lines.push(
      `  Not heard from, as their subscriptions filter on the body (marketing takes opted-in orders only): ${filtered
        .map((each) => `${each.consumer} (${each.eventType})`)
        .join(', ')}.`,
    );
  }
  if (absent.length > 0) {
    lines.push(
      `  Not heard from, as their queues do not exist here (not running or not deployed): ${[
        ...new Set(absent.map((each) => each.consumer)),
      ].join(', ')}.`,
    );
  }
  lines.push(
    trace.queues === undefined
      ? `  Queues and DLQs not checked (${trace.queuesUnread ?? 'not asked for'}): this rests on the logs alone.`
      : `  Queues and DLQs read from ${trace.queues.where}${notLookedAt(trace.queues.notAllPeeked)}.`,
  );
  if (customerOrders.length > 0) lines.push('', ...customerOrderLines(customerOrders));
  return lines.join('\n');
};

// What the trace could not see of the DLQs: its verdict rests on the logs there.
const notLookedAt = (dlqs: QueueState['notAllPeeked']): string => {
  const unread = dlqs.filter((each) => each.countedOnly);
  // Past the peek's limit, or held by another reader (a peek, a redrive) while it looked.
  const part = dlqs.filter((each) => !each.countedOnly);
  const named = (list: typeof dlqs) =>
    list.map((each) => `${each.name} (${each.depth})`).join(', ');
  return [
    part.length === 0 ? '' : `; only part of ${named(part)} was looked at`,
    unread.length === 0
      ? ''
      : `; the messages of ${named(unread)} were counted, not looked at (\`npm run dlq -- peek <queue>\` shows them)`,
  ].join('');
};

/** The trace as plain JSON (`--json`): dates as ISO strings, the queues as an object. */
export const traceToJson = (trace: OrderTrace): unknown =>
  JSON.parse(
    JSON.stringify({
      ...trace,
      ...(trace.queues === undefined
        ? {}
        : { queues: { ...trace.queues, queues: Object.fromEntries(trace.queues.queues) } }),
    }),
  );
