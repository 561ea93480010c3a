import type { LocalRunSnapshot, RequestCount } from '@conveyor/local-cloud';
import { describe, expect, it } from 'vitest';
import {
  CallKind,
  callKindOf,
  callsByKind,
  CountersResetError,
  functionOfCaller,
  recordsPerInvocation,
  usageBetween,
  withoutFunctions,
} from './callUsage.ts';

const count = (
  service: RequestCount['service'],
  operation: string,
  caller: string,
  calls: number,
  extra: Partial<RequestCount> = {},
): RequestCount => ({
  service,
  operation,
  caller,
  calls,
  refused: 0,
  entries: calls,
  bytes: 100 * calls,
  messagesReceived: 0,
  emptyReceives: 0,
  ...extra,
});

const snapshot = (
  at: string,
  requests: RequestCount[],
  invocations: number,
  since = '2026-01-01T00:00:00.000Z',
): LocalRunSnapshot => ({
  countingSince: since,
  at,
  requests,
  npmStart: {
    pid: 7,
    parentPid: 6,
    startedAt: since,
    readyAfterMs: 1000,
    unreadLines: 0,
    receivedAt: at,
    functions: [
      {
        service: 'email',
        functionKey: 'onNotificationEvent',
        invocations,
        timeouts: 0,
        durationMs: 10 * invocations,
        billedMs: 11 * invocations,
      },
    ],
  },
});

const consumer = 'fn.conveyor-email.local.onNotificationEvent';

describe('usageBetween', () => {
  it('subtracts counters and drops what did not change', () => {
    // Prepare
    const before = snapshot(
      '2026-01-01T00:01:00.000Z',
      [count('sqs', 'ReceiveMessage', consumer, 10), count('sns', 'Publish', 'administrator', 2)],
      4,
    );
    const after = snapshot(
      '2026-01-01T00:01:30.000Z',
      [
        count('sqs', 'ReceiveMessage', consumer, 16, { messagesReceived: 8, emptyReceives: 2 }),
        count('sqs', 'DeleteMessageBatch', consumer, 3, { entries: 8 }),
        count('sns', 'Publish', 'administrator', 2),
      ],
      7,
    );

    // Act
    const window = usageBetween(before, after);

    // Assess
    expect(window.seconds).toBe(30);
    expect(window.requests.map((entry) => [entry.operation, entry.calls, entry.entries])).toEqual([
      ['ReceiveMessage', 6, 6],
      ['DeleteMessageBatch', 3, 8],
    ]);
    expect(window.invocations).toEqual([
      {
        service: 'email',
        functionKey: 'onNotificationEvent',
        invocations: 3,
        timeouts: 0,
        durationMs: 30,
        billedMs: 33,
      },
    ]);
    expect(recordsPerInvocation(window, 'email.onNotificationEvent', 'conveyor')).toBeCloseTo(
      8 / 3,
    );
  });

  it('refuses to subtract across a restart of the local cloud', () => {
    // Prepare
    const before = snapshot('2026-01-01T00:01:00.000Z', [], 0);
    const after = snapshot('2026-01-01T00:02:00.000Z', [], 0, '2026-01-01T00:01:30.000Z');

    // Act
    const act = () => usageBetween(before, after);

    // Assess
    expect(act).toThrow(CountersResetError);
  });
});

describe('functionOfCaller and withoutFunctions', () => {
  it("names a function by its service folder and key, and takes a function's calls out", () => {
    // Prepare
    const window = {
      seconds: 1,
      requests: [
        count('dynamodb', 'GetItem', 'fn.conveyor-checkout.local.getOrder', 5),
        count('dynamodb', 'UpdateItem', 'fn.conveyor-checkout.local.onOrderProgress', 2),
      ],
      invocations: undefined,
    };

    // Act
    const names = ['fn.conveyor-checkout.local.getOrder', 'administrator'].map((caller) =>
      functionOfCaller(caller, 'conveyor'),
    );
    const kept = withoutFunctions(window, ['checkout.getOrder'], 'conveyor');

    // Assess
    expect(names).toEqual(['checkout.getOrder', undefined]);
    expect(kept.requests.map((entry) => entry.operation)).toEqual(['UpdateItem']);
  });
});

describe('callKindOf and callsByKind', () => {
  it('sorts operations into what the minimum counts', () => {
    // Prepare
    const window = {
      seconds: 1,
      requests: [
        count('dynamodb', 'PutItem', consumer, 2),
        count('dynamodb', 'UpdateItem', consumer, 3),
        count('dynamodb', 'GetItem', consumer, 4),
        count('sqs', 'DeleteMessageBatch', consumer, 1),
        count('ses', 'SendEmail', consumer, 1),
      ],
      invocations: undefined,
    };

    // Act
    const kinds = callsByKind(window);

    // Assess
    expect(kinds).toMatchObject({
      [CallKind.dynamodbWrite]: 5,
      [CallKind.dynamodbRead]: 4,
      [CallKind.sqsDelete]: 1,
      [CallKind.sesSend]: 1,
      [CallKind.snsPublish]: 0,
    });
    expect(callKindOf('s3', 'PutObject')).toBe(CallKind.s3Write);
  });
});
