import { describe, expect, it } from 'vitest';
import { freePorts } from './freePorts.ts';
import { assertPortFree } from './loopback.ts';

describe('freePorts', () => {
  it('gives as many different ports as asked, all free again once given', async () => {
    // Prepare
    const count = 12;

    // Act
    const ports = await freePorts(count);

    // Assess
    expect(ports).toHaveLength(count);
    expect(new Set(ports).size).toBe(count);
    for (const port of ports) {
      expect(port).toBeGreaterThan(0);
      await expect(assertPortFree(port, 'test')).resolves.toBeUndefined();
    }
  });

  it('gives none when asked for none', async () => {
    // Act
    const ports = await freePorts(0);

    // Assess
    expect(ports).toEqual([]);
  });
});
