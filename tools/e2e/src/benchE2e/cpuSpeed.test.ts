import { describe, expect, it } from 'vitest';
import { measureCpuSpeed, referenceWorkload } from './cpuSpeed.ts';

describe('measureCpuSpeed', () => {
  it('times each run after the untimed warm-ups, and gives their median', () => {
    // Prepare
    const durations = [30, 10, 50, 20, 40];
    let clock = 0;
    let calls = 0;
    const workload = (): void => {
      calls += 1;
      // The two warm-ups take no time on this clock; each run after takes its own.
      if (calls > 2) clock += durations[calls - 3] ?? 0;
    };

    // Act
    const speed = measureCpuSpeed({
      runs: durations.length,
      warmups: 2,
      workload,
      now: () => clock,
    });

    // Assess
    expect(calls).toBe(durations.length + 2);
    expect(speed.runsMs).toEqual(durations);
    expect(speed.medianMs).toBe(30);
  });
});

describe('referenceWorkload', () => {
  it('does the same work every time', () => {
    // Act
    const first = referenceWorkload();
    const second = referenceWorkload();

    // Assess
    expect(first).toBe(second);
    expect(first).toBeGreaterThan(0);
  });
});
