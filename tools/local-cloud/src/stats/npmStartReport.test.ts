import { describe, expect, it } from 'vitest';
import { InvocationTally, isNpmStartReport, parseInvocationReport } from './npmStartReport.ts';

describe('parseInvocationReport', () => {
  it("reads serverless-offline's line for an invocation that returned, colours and all", () => {
    // Prepare
    const line =
      '\u001b[90m(λ: onOrderPlaced) RequestId: 0b4c9d2e-1f  Duration: 41.73 ms  Billed Duration: 42 ms\u001b[39m';

    // Act
    const report = parseInvocationReport(line);

    // Assess
    expect(report).toEqual({
      kind: 'ended',
      functionKey: 'onOrderPlaced',
      durationMs: 41.73,
      billedMs: 42,
    });
  });

  it('reads a timed-out invocation, ignores other lines, and flags an invocation line it cannot read', () => {
    // Act
    const reports = [
      parseInvocationReport(
        '(λ: getOrder) RequestId: 5f  timed out after 6000 ms; its worker thread was stopped, and the next invocation starts a fresh one',
      ),
      parseInvocationReport('GET /orders/{orderId} (λ: getOrder)'),
      parseInvocationReport('(λ: getOrder) RequestId: 5f  something else'),
    ];

    // Assess
    expect(reports).toEqual([
      { kind: 'timedOut', functionKey: 'getOrder', timeoutMs: 6000 },
      undefined,
      'unreadable',
    ]);
  });
});

describe('InvocationTally', () => {
  it('sums invocations and billed time per service and function', () => {
    // Prepare
    const tally = new InvocationTally();

    // Act
    tally.readLine(
      'checkout',
      '(λ: postCheckout) RequestId: a  Duration: 10.5 ms  Billed Duration: 11 ms',
    );
    tally.readLine(
      'checkout',
      '(λ: postCheckout) RequestId: b  Duration: 20.1 ms  Billed Duration: 21 ms',
    );
    tally.readLine('checkout', '(λ: postCheckout) RequestId: c  timed out after 6000 ms; stopped');
    tally.readLine('email', 'offline: some other line');

    // Assess
    expect(tally.totals()).toEqual([
      {
        service: 'checkout',
        functionKey: 'postCheckout',
        invocations: 3,
        timeouts: 1,
        durationMs: 6030.6,
        billedMs: 6032,
      },
    ]);
  });
});

describe('isNpmStartReport', () => {
  it('takes a report and refuses another message', () => {
    // Prepare
    const report = {
      kind: 'npm-start-report',
      pid: 10,
      parentPid: 9,
      startedAt: '2026-01-01T00:00:00.000Z',
      readyAfterMs: 1234,
      functions: [
        { service: 's', functionKey: 'f', invocations: 1, timeouts: 0, durationMs: 1, billedMs: 1 },
      ],
      unreadLines: 0,
    };

    // Act
    const verdicts = [
      isNpmStartReport(report),
      isNpmStartReport({ ...report, stopping: true }),
      isNpmStartReport({ ...report, stopping: 'yes' }),
      isNpmStartReport({ ...report, pidStartTime: '123456' }),
      isNpmStartReport({ ...report, pidStartTime: 123456 }),
      isNpmStartReport({ kind: 'local-cloud-ready' }),
    ];

    // Assess
    expect(verdicts).toEqual([true, true, false, true, false, false]);
  });
});
