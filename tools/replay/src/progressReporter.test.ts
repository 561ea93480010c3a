import { describe, expect, it } from 'vitest';
import { replayPolicy } from './planReplay.ts';
import { progressReporter } from './progressReporter.ts';
import type { ReplayProgress, ReplayStatus } from './runReplay.ts';

const replay = (name: string) => ({
  topic: { key: 'orderEvents' as const, name },
  topicArn: `arn:aws:sns:eu-west-1:1:${name}`,
  subscriptionArn: `arn:aws:sns:eu-west-1:1:${name}:sub`,
  beginningArchiveTime: 0,
  retentionDays: 7,
  startingPoint: 0,
  endingPoint: undefined,
  policy: replayPolicy(0),
});

const snapshot = (statuses: ReplayStatus[], elapsedMs: number): ReplayProgress => ({
  phase: 'replaying',
  subscriptions: statuses.map((status, index) => ({
    replay: replay(`topic-${String(index)}.fifo`),
    status,
  })),
  depth: { visible: 4, inFlight: 1 },
  elapsedMs,
});

describe('progressReporter', () => {
  it('redraws one line with a bar of completed subscriptions on a terminal', () => {
    // Prepare
    const written: string[] = [];
    const reporter = progressReporter({ write: (text) => written.push(text), terminal: true });

    // Act
    reporter.onProgress(snapshot(['In progress', 'Pending'], 1_200));
    reporter.onProgress(snapshot(['Completed', 'In progress'], 3_400));
    reporter.done();

    // Assess
    expect(written).toEqual([
      '\r\u001b[Kreplaying [--------------------] 0/2 completed · topic-0.fifo In progress, topic-1.fifo Pending · queue 4 waiting, 1 in flight · 1 s',
      '\r\u001b[Kreplaying [##########----------] 1/2 completed · topic-0.fifo Completed, topic-1.fifo In progress · queue 4 waiting, 1 in flight · 3 s',
      '\n',
    ]);
  });

  it('writes a plain line per status change otherwise', () => {
    // Prepare
    const written: string[] = [];
    const reporter = progressReporter({ write: (text) => written.push(text), terminal: false });

    // Act
    reporter.onProgress(snapshot(['Pending'], 0));
    reporter.onProgress(snapshot(['Pending'], 2_000));
    reporter.onProgress(snapshot(['Completed'], 4_000));
    reporter.done();

    // Assess
    expect(written).toEqual([
      'replaying topic-0.fifo: Pending (queue 4 waiting, 1 in flight, 0 s)\n',
      'replaying topic-0.fifo: Completed (queue 4 waiting, 1 in flight, 4 s)\n',
    ]);
  });
});
