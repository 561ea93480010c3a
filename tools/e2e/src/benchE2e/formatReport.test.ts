import { describe, expect, it } from 'vitest';
import { formatCpuByPart, formatCpuPerOrder } from './formatReport.ts';

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
