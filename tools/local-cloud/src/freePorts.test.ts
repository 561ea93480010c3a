import { describe, expect, it } from 'vitest';
import { freePorts } from './freePorts.ts';
import { assertPortFree } from './loopback.ts';

describe('freePorts', () => {
  it('gives as many different ports as asked, all free again once given', async () => {
    // Prepare: Linux picks each bind(0) port at random among about 28,000, so ports picked one
    // by one (each released before the next) would repeat among 500 with a chance of about 99%.
    const count = 500;

    // Act
    const ports = await freePorts(count);

    // Assess
    expect(ports).toHaveLength(count);
    expect(new Set(ports).size).toBe(count);
    expect(ports.every((port) => port > 0)).toBe(true);
    for (const port of ports.slice(0, 10)) {
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
