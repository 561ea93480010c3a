import type { InvocationTotals, LocalRunSnapshot, RequestCount } from '@conveyor/local-cloud';

/** What the system did between two snapshots of the local run's counters. */
export interface UsageWindow {
  readonly seconds: number;
  /** AWS API calls, per service, operation and caller (rows that did not change are left out). */
  readonly requests: readonly RequestCount[];
  /** Lambda invocations per function; undefined when no `npm start` reports them. */
  readonly invocations: readonly InvocationTotals[] | undefined;
}

/** The counters started again between two snapshots: figures across them mean nothing. */
export class CountersResetError extends Error {
  override readonly name = 'CountersResetError';
}

const requestKey = (count: Pick<RequestCount, 'service' | 'operation' | 'caller'>): string =>
  `${count.service}\u0000${count.operation}\u0000${count.caller}`;

const invocationKey = (totals: Pick<InvocationTotals, 'service' | 'functionKey'>): string =>
  `${totals.service}.${totals.functionKey}`;

/**
 * The calls and invocations between `before` and `after`, as differences of the counters.
 *
 * @throws CountersResetError when the local cloud or `npm start` restarted in between.
 */
export const usageBetween = (before: LocalRunSnapshot, after: LocalRunSnapshot): UsageWindow => {
  if (before.countingSince !== after.countingSince) {
    throw new CountersResetError('The local cloud restarted: its counters started again.');
  }
  if (before.npmStart !== undefined && after.npmStart?.pid !== before.npmStart.pid) {
    throw new CountersResetError('npm start restarted: its invocation counts started again.');
  }
  const earlier = new Map(before.requests.map((count) => [requestKey(count), count]));
  const requests = after.requests.flatMap((count): RequestCount[] => {
    const was = earlier.get(requestKey(count));
    const calls = count.calls - (was?.calls ?? 0);
    if (calls === 0) return [];
    return [
      {
        ...count,
        calls,
        refused: count.refused - (was?.refused ?? 0),
        entries: count.entries - (was?.entries ?? 0),
        bytes: count.bytes - (was?.bytes ?? 0),
        messagesReceived: count.messagesReceived - (was?.messagesReceived ?? 0),
        emptyReceives: count.emptyReceives - (was?.emptyReceives ?? 0),
      },
    ];
  });
  const earlierInvocations = new Map(
    (before.npmStart?.functions ?? []).map((totals) => [invocationKey(totals), totals]),
  );
  const invocations = after.npmStart?.functions.flatMap((totals): InvocationTotals[] => {
    const was = earlierInvocations.get(invocationKey(totals));
    const count = totals.invocations - (was?.invocations ?? 0);
    if (count === 0) return [];
    return [
      {
        ...totals,
        invocations: count,
        timeouts: totals.timeouts - (was?.timeouts ?? 0),
        durationMs: totals.durationMs - (was?.durationMs ?? 0),
        billedMs: totals.billedMs - (was?.billedMs ?? 0),
      },
    ];
  });
  return {
    seconds: (Date.parse(after.at) - Date.parse(before.at)) / 1000,
    requests,
    invocations,
  };
};

/**
 * The function that made a call, as `<service folder>.<function key>` (`checkout.getOrder`), from
 * its access key id `fn.<prefix>-<service>.<stage>.<function key>`; undefined for other callers.
 */
export const functionOfCaller = (caller: string, namePrefix: string): string | undefined => {
  if (!caller.startsWith('fn.')) return undefined;
  const parts = caller.slice(3).split('.');
  const service = parts[0] ?? '';
  const functionKey = parts.at(-1) ?? '';
  if (parts.length < 3 || functionKey === '') return undefined;
  const folder = service.startsWith(`${namePrefix}-`)
    ? service.slice(namePrefix.length + 1)
    : service;
  return `${folder}.${functionKey}`;
};

/** The window without the calls and invocations of some functions (`checkout.getOrder`). */
export const withoutFunctions = (
  window: UsageWindow,
  excluded: readonly string[],
  namePrefix: string,
): UsageWindow => ({
  ...window,
  requests: window.requests.filter(
    (count) => !excluded.includes(functionOfCaller(count.caller, namePrefix) ?? ''),
  ),
  invocations: window.invocations?.filter((totals) => !excluded.includes(invocationKey(totals))),
});

/** Only the calls functions made (not the bench's, a developer's or the plugin's own). */
export const functionCallsOnly = (window: UsageWindow): UsageWindow => ({
  ...window,
  requests: window.requests.filter((count) => count.caller.startsWith('fn.')),
});

/** What a call is for, as the minimum and the prices see it. */
export const CallKind = {
  snsPublish: 'SNS publish',
  snsOther: 'SNS other',
  sqsReceive: 'SQS receive',
  sqsDelete: 'SQS delete',
  sqsOther: 'SQS other',
  dynamodbWrite: 'DynamoDB write',
  dynamodbRead: 'DynamoDB read',
  dynamodbOther: 'DynamoDB other',
  s3Write: 'S3 write',
  s3Read: 'S3 read',
  sesSend: 'SES send',
  other: 'other',
} as const;
export type CallKind = (typeof CallKind)[keyof typeof CallKind];

const dynamoDbWrites = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);
const dynamoDbReads = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/** The kind of one operation. */
export const callKindOf = (service: string, operation: string): CallKind => {
  switch (service) {
    case 'sns':
      return operation === 'Publish' || operation === 'PublishBatch'
        ? CallKind.snsPublish
        : CallKind.snsOther;
    case 'sqs':
      if (operation === 'ReceiveMessage') return CallKind.sqsReceive;
      if (operation === 'DeleteMessage' || operation === 'DeleteMessageBatch') {
        return CallKind.sqsDelete;
      }
      return CallKind.sqsOther;
    case 'dynamodb':
      if (dynamoDbWrites.has(operation)) return CallKind.dynamodbWrite;
      if (dynamoDbReads.has(operation)) return CallKind.dynamodbRead;
      return CallKind.dynamodbOther;
    case 's3':
      return operation === 'PutObject' || operation === 'CopyObject' || operation === 'DeleteObject'
        ? CallKind.s3Write
        : CallKind.s3Read;
    case 'ses':
      return operation === 'SendEmail' ||
        operation === 'SendRawEmail' ||
        operation === 'SendBulkEmail'
        ? CallKind.sesSend
        : CallKind.other;
    default:
      return CallKind.other;
  }
};

/** Calls per kind in a window. */
export const callsByKind = (window: UsageWindow): Record<CallKind, number> => {
  const totals = Object.fromEntries(Object.values(CallKind).map((kind) => [kind, 0])) as Record<
    CallKind,
    number
  >;
  for (const count of window.requests) {
    totals[callKindOf(count.service, count.operation)] += count.calls;
  }
  return totals;
};

/** Calls per service and operation in a window, callers summed, most frequent first. */
export const callsByOperation = (
  window: UsageWindow,
): { service: string; operation: string; calls: number; emptyReceives: number }[] => {
  const totals = new Map<
    string,
    { service: string; operation: string; calls: number; emptyReceives: number }
  >();
  for (const count of window.requests) {
    const key = `${count.service} ${count.operation}`;
    const total = totals.get(key) ?? {
      service: count.service,
      operation: count.operation,
      calls: 0,
      emptyReceives: 0,
    };
    total.calls += count.calls;
    total.emptyReceives += count.emptyReceives;
    totals.set(key, total);
  }
  return [...totals.values()].sort(
    (a, b) => a.service.localeCompare(b.service) || b.calls - a.calls,
  );
};

/** Records a consumer function handled per invocation: entries it deleted over its invocations. */
export const recordsPerInvocation = (
  window: UsageWindow,
  functionName: string,
  namePrefix: string,
): number | undefined => {
  const invocations = window.invocations?.find(
    (totals) => invocationKey(totals) === functionName,
  )?.invocations;
  if (invocations === undefined || invocations === 0) return undefined;
  const deleted = window.requests
    .filter(
      (count) =>
        count.service === 'sqs' &&
        callKindOf(count.service, count.operation) === CallKind.sqsDelete &&
        functionOfCaller(count.caller, namePrefix) === functionName,
    )
    .reduce((sum, count) => sum + count.entries, 0);
  return deleted === 0 ? undefined : deleted / invocations;
};
