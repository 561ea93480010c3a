import type { Percentiles } from '../percentiles.ts';
import { CallKind } from './callUsage.ts';
import type { CostLine } from './costPerMillion.ts';
import type { FlowMinimum } from './flowMinimum.ts';
import { type StepSummary, shippingWindowMs } from './rateStep.ts';
import { minimumCallsByKind, type StepAccount } from './stepAccount.ts';

/** Lays rows out in columns: the first left-aligned, the others right-aligned. */
export const formatTable = (rows: readonly (readonly string[])[]): string => {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, index) =>
          index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

const seconds = (ms: number): string => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);

const triple = (value: Percentiles | undefined): string =>
  value === undefined
    ? '-'
    : `${seconds(value.p50)} / ${seconds(value.p95)} / ${seconds(value.p99)}`;

/** One row per rate: orders, outcome, POST and POST→SHIPPED percentiles (seconds). */
export const formatLatency = (steps: readonly StepSummary[]): string =>
  formatTable([
    [
      'rate/s',
      'sent at',
      'orders',
      'accepted',
      'shipped',
      'unfinished',
      'POST p50/p95/p99 s',
      'POST→SHIPPED p50/p95/p99 s',
      'all ≤10 s',
    ],
    ...steps.map((step) => [
      String(step.rate),
      step.achievedRate.toFixed(1),
      String(step.orders),
      String(step.accepted),
      String(step.shipped),
      String(step.unfinished),
      triple(step.postMs),
      triple(step.postToShippedMs),
      step.everyOrderShippedWithin ? 'yes' : 'no',
    ]),
  ]);

/**
 * One line per step: POST→SHIPPED p99 of the orders sent in each window of the step, in order,
 * in seconds (`-` where none shipped).
 */
export const formatShippingByWindow = (steps: readonly StepSummary[]): string =>
  [
    `POST→SHIPPED p99 by ${String(shippingWindowMs / 1000)} s of sending, s (a step that starts on an idle system warms up first; a second step at the same rate shows it warm)`,
    ...steps.map(
      (step) =>
        `${String(step.rate).padStart(6)}/s  ${step.byWindow.map((window) => (window.p99Ms === undefined ? '-' : seconds(window.p99Ms))).join('  ')}`,
    ),
  ].join('\n');

/**
 * npm start's CPU per order at each rate, and the rate the machine's cores could sustain at the
 * lowest of them; undefined when no step was measured (the bench attached to a system it did not
 * find the processes of).
 */
export const formatCpuPerOrder = (
  steps: readonly { rate: number; cpuMsPerOrder: number | undefined }[],
  cores: number,
): string | undefined => {
  const measured = steps.flatMap(({ rate, cpuMsPerOrder }) =>
    cpuMsPerOrder === undefined ? [] : [{ rate, cpuMsPerOrder }],
  );
  if (measured.length === 0) return undefined;
  const cheapest = Math.min(...measured.map((step) => step.cpuMsPerOrder));
  const perRate = measured
    .map((step) => `${step.cpuMsPerOrder.toFixed(0)} ms at ${String(step.rate)}/s`)
    .join(', ');
  const sustainable = ((cores * 1000) / cheapest).toFixed(1);
  return `CPU of npm start's processes per order (first order to drained queues): ${perRate}; ${String(cores)} cores at ${cheapest.toFixed(0)} ms an order keep up with at most ${sustainable} orders/s`;
};

/**
 * CPU per order by part (function instances and serverless offline per service, the local
 * cloud, V8's helper threads, ...): one row per part, one column per measured rate, largest at
 * the highest rate first.
 */
export const formatCpuByPart = (
  steps: readonly { rate: number; parts: readonly { part: string; msPerOrder: number }[] }[],
): string | undefined => {
  const last = steps.at(-1);
  if (last === undefined) return undefined;
  const atLast = (part: string): number =>
    last.parts.find((entry) => entry.part === part)?.msPerOrder ?? -1;
  // In order of first appearance, then (a stable sort) by the last rate's figure.
  const parts = [...new Set(steps.flatMap((step) => step.parts.map(({ part }) => part)))].sort(
    (a, b) => atLast(b) - atLast(a),
  );
  const cell = (step: (typeof steps)[number], part: string): string =>
    step.parts.find((entry) => entry.part === part)?.msPerOrder.toFixed(1) ?? '-';
  return formatTable([
    ['CPU per order by part, ms', ...steps.map((step) => `${String(step.rate)}/s`)],
    ...parts.map((part) => [part, ...steps.map((step) => cell(step, part))]),
  ]);
};

const number = (value: number | undefined): string =>
  value === undefined ? '-' : value.toFixed(value >= 100 ? 0 : 2);

const ratio = (measured: number | undefined, minimum: number): string =>
  measured === undefined
    ? '-'
    : minimum === 0
      ? measured === 0
        ? '1.00'
        : '∞'
      : (measured / minimum).toFixed(2);

/**
 * Calls per order by kind for each accounted step, each beside the minimum at that step's
 * batching and its ratio.
 */
export const formatCallsPerOrder = (
  minimum: FlowMinimum,
  steps: readonly { readonly rate: number; readonly account: StepAccount }[],
): string => {
  const header = ['per order', ...steps.flatMap(({ rate }) => [`${String(rate)}/s`, 'min', '×'])];
  const kinds = Object.values(CallKind);
  const rows = kinds
    .filter(
      (kind) =>
        steps.some(({ account }) => account.callsPerOrder[kind] > 0) ||
        kind === CallKind.snsPublish,
    )
    .map((kind) => [
      kind,
      ...steps.flatMap(({ account }) => {
        const floor = minimumCallsByKind(minimum, account.minimum.observedBatching)[kind] ?? 0;
        const measured = account.callsPerOrder[kind];
        return [number(measured), number(floor), ratio(measured, floor)];
      }),
    ]);
  const empty = [
    '  of them empty receives',
    ...steps.flatMap(({ account }) => [number(account.emptyReceivesPerOrder), '0', '']),
  ];
  const total = [
    'all AWS calls',
    ...steps.flatMap(({ account }) => [
      number(account.allCallsPerOrder),
      number(account.minimum.observedBatching.awsCalls),
      ratio(account.allCallsPerOrder, account.minimum.observedBatching.awsCalls),
    ]),
  ];
  const invocations = [
    'Lambda invocations',
    ...steps.flatMap(({ account }) => [
      number(account.invocationsPerOrder),
      number(account.minimum.observedBatching.lambdaInvocations),
      ratio(account.invocationsPerOrder, account.minimum.observedBatching.lambdaInvocations),
    ]),
  ];
  return formatTable([header, ...rows, empty, total, invocations]);
};

/** The cost lines of one step, measured and at the minimum. */
export const formatCost = (account: StepAccount): string => {
  const keyOf = (line: CostLine): string => `${line.service} ${line.item}`;
  const keys = [
    ...new Set([...account.cost.measured, ...account.cost.atMinimumFullBatches].map(keyOf)),
  ];
  const find = (lines: readonly CostLine[], key: string): CostLine | undefined =>
    lines.find((line) => keyOf(line) === key);
  const dollars = (line: CostLine | undefined): string =>
    line === undefined ? '0' : line.dollarsPerMillionOrders.toFixed(2);
  return formatTable([
    ['$ per million orders', 'units/order', 'measured', 'min, this batching', 'min, full batches'],
    ...keys.map((key) => {
      const measured = find(account.cost.measured, key);
      return [
        key,
        measured === undefined
          ? '0'
          : measured.perOrder < 0.01
            ? measured.perOrder.toExponential(2)
            : measured.perOrder.toFixed(2),
        dollars(measured),
        dollars(find(account.cost.atMinimum, key)),
        dollars(find(account.cost.atMinimumFullBatches, key)),
      ];
    }),
    [
      'total',
      '',
      account.cost.totals.measured.toFixed(2),
      account.cost.totals.atMinimum.toFixed(2),
      account.cost.totals.atMinimumFullBatches.toFixed(2),
    ],
  ]);
};
