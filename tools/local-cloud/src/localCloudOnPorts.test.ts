import { describe, expect, it } from 'vitest';
import { type NotedProcess, noteProcess } from './notedProcess.ts';
import { runningFrom } from './localCloudOnPorts.ts';
import type { LocalRunSnapshot } from './stats/LocalRunStats.ts';

const snapshot = (
  npmStart?: Partial<NonNullable<LocalRunSnapshot['npmStart']>>,
): LocalRunSnapshot => ({
  countingSince: '2026-12-07T10:00:00.000Z',
  at: '2026-12-07T10:05:00.000Z',
  requests: [],
  ...(npmStart === undefined
    ? {}
    : {
        npmStart: {
          pid: 4242,
          parentPid: 4241,
          startedAt: '2026-12-07T10:00:00.000Z',
          functions: [],
          unreadLines: 0,
          receivedAt: '2026-12-07T10:04:59.000Z',
          ...npmStart,
        },
      }),
});

describe('runningFrom', () => {
  it('names an npm start whose supervisor is alive and not stopping, ready or still starting', () => {
    // Act
    const found = [
      runningFrom(snapshot({ readyAfterMs: 17_000 }), () => true),
      runningFrom(snapshot({}), () => true),
    ];

    // Assess
    expect(found.map((run) => [run?.pid, run?.readyAfterMs])).toEqual([
      [4242, 17_000],
      [4242, undefined],
    ]);
  });

  it('names none when it is stopping, its supervisor is gone, or the local cloud runs alone', () => {
    // Prepare
    const alivePids: number[] = [];
    const alive = ({ pid }: NotedProcess): boolean => {
      alivePids.push(pid);
      return pid !== 4242;
    };

    // Act
    const found = [
      runningFrom(snapshot({ stopping: true }), () => true),
      runningFrom(snapshot({}), alive),
      runningFrom(snapshot(), () => true),
      runningFrom(undefined, () => true),
    ];

    // Assess
    expect(found).toEqual([undefined, undefined, undefined, undefined]);
    expect(alivePids).toEqual([4242]);
  });

  it('counts this process as alive, and as gone a pid no process has or one taken by another process', () => {
    // Prepare
    const { startTime } = noteProcess(process.pid);
    if (startTime === undefined) throw new Error('these tests need /proc');
    const earlier = String(Number(startTime) - 1);

    // Act
    const found = [
      runningFrom(snapshot({ pid: process.pid })),
      runningFrom(snapshot({ pid: process.pid, pidStartTime: startTime })),
      runningFrom(snapshot({ pid: 2 ** 22 + 1 })),
      // The report of a supervisor that started before this process and had its pid.
      runningFrom(snapshot({ pid: process.pid, pidStartTime: earlier })),
    ];

    // Assess
    expect(found.map((run) => run?.pid)).toEqual([process.pid, process.pid, undefined, undefined]);
  });
});
