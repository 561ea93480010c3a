import { describe, expect, it } from 'vitest';
import { formatCpuByPart, formatCpuPerOrder, formatShippingByWindow } from './formatReport.ts';
import type { StepSummary } from './rateStep.ts';

describe('formatCpuPerOrder', () => {
  it('prints each measured rate and the rate the cores sustain at the cheapest one', () => {
    // Prepare
    const steps = [
      { rate: 5, cpuMsPerOrder: 310.4 },
      { rate: 10, cpuMsPerOrder: 250 },
      { rate: 20, cpuMsPerOrder: undefined },
    ];

    // Act
    const line = formatCpuPerOrder(steps, 2);

    // Assess
    expect(line).toBe(
      "CPU of npm start's processes per order (first order to drained queues): 310 ms at 5/s, 250 ms at 10/s; 2 cores at 250 ms an order keep up with at most 8.0 orders/s",
    );
  });

  it('prints nothing when no step was measured', () => {
    // Prepare
    const steps = [{ rate: 5, cpuMsPerOrder: undefined }];

    // Act
    const line = formatCpuPerOrder(steps, 2);

    // Assess
    expect(line).toBeUndefined();
  });
});

describe('formatCpuByPart', () => {
  it('lays the parts out per rate, the largest at the last rate first, with a dash where a rate lacks one', () => {
    // Prepare
    const steps = [
      {
        rate: 5,
        parts: [
          { part: 'local cloud', msPerOrder: 40 },
          { part: 'checkout: function instances', msPerOrder: 30.04 },
          { part: 'threads that ended', msPerOrder: 2 },
        ],
      },
      {
        rate: 20,
        parts: [
          { part: 'checkout: function instances', msPerOrder: 18.26 },
          { part: 'local cloud', msPerOrder: 29 },
        ],
      },
    ];

    // Act
    const table = formatCpuByPart(steps);

    // Assess
    expect(table).toBe(
      [
        'CPU per order by part, ms      5/s  20/s',
        'local cloud                   40.0  29.0',
        'checkout: function instances  30.0  18.3',
        'threads that ended             2.0     -',
      ].join('\n'),
    );
  });

  it('prints nothing without a measured step', () => {
    // Act
    const table = formatCpuByPart([]);

    // Assess
    expect(table).toBeUndefined();
  });
});

describe('formatShippingByWindow', () => {
  it('prints one line per step with the p99 of each window, a dash where nothing shipped', () => {
    // Prepare
    const summary = (rate: number, byWindow: StepSummary['byWindow']): StepSummary => ({
      rate,
      orders: 0,
      accepted: 0,
      shipped: 0,
      rejected: 0,
      unfinished: 0,
      retried: 0,
      achievedRate: rate,
      postMs: undefined,
      postToShippedMs: undefined,
      everyOrderShippedWithin: false,
      byWindow,
    });
    const steps = [
      summary(20, [
        { fromSeconds: 0, orders: 200, p99Ms: 2_180 },
        { fromSeconds: 10, orders: 200, p99Ms: 190 },
      ]),
      summary(40, [{ fromSeconds: 0, orders: 400, p99Ms: undefined }]),
    ];

    // Act
    const text = formatShippingByWindow(steps);

    // Assess
    expect(text.split('\n')).toEqual([
      'POST→SHIPPED p99 by 10 s of sending, s (a step that starts on an idle system warms up first; a second step at the same rate shows it warm)',
      '    20/s  2.18  0.19',
      '    40/s  -',
    ]);
  });
});
