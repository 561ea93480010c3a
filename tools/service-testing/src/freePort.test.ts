import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, freePorts } from './freePort.ts';

const canListenOn = async (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => {
      resolve(false);
    });
    server.listen(port, '127.0.0.1', () => {
      server.close(() => {
        resolve(true);
      });
    });
  });

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
      expect(await canListenOn(port)).toBe(true);
    }
  });

  it('gives none when asked for none', async () => {
    // Act
    const ports = await freePorts(0);

    // Assess
    expect(ports).toEqual([]);
  });
});

describe('freePort', () => {
  it('gives a port that can be listened on', async () => {
    // Act
    const port = await freePort();

    // Assess
    expect(port).toBeGreaterThan(0);
    expect(await canListenOn(port)).toBe(true);
  });
});
