import { describe, expect, it } from 'vitest';
import { formatCpuPerOrder } from './formatReport.ts';

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
