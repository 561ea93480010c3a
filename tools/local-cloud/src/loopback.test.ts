import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PortInUseError } from './errors.ts';
import { assertPortFree, loopbackHost, waitForPortsToFree } from './loopback.ts';

let held: Server | undefined;

afterEach(async () => {
  const server = held;
  held = undefined;
  if (server !== undefined) {
    await new Promise((resolve) => {
      server.close(resolve);
    });
  }
});

const holdAPort = async (): Promise<number> => {
  const server = createServer();
  held = server;
  await new Promise<void>((resolve) => server.listen({ port: 0, host: loopbackHost }, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
};

describe('assertPortFree', () => {
  it("names the taken port, its part and the local cloud's --ports by default", async () => {
    // Prepare
    const port = await holdAPort();

    // Act
    const attempt = assertPortFree(port, 'DynamoDB/dynalite');

    // Assess
    await expect(attempt).rejects.toThrow(PortInUseError);
    await expect(attempt).rejects.toThrow(
      `Port ${String(port)} (DynamoDB/dynalite) is already in use. Stop whatever holds it or pass --ports (or CONVEYOR_LOCAL_PORTS) with free ports.`,
    );
  });

  it("gives the part's own remedy when it has one", async () => {
    // Prepare
    const port = await holdAPort();

    // Act
    const attempt = assertPortFree(
      port,
      'console',
      'pass --console-port with a free port (or off)',
    );

    // Assess
    await expect(attempt).rejects.toThrow(
      `Port ${String(port)} (console) is already in use. Stop whatever holds it or pass --console-port with a free port (or off).`,
    );
  });
});

describe('waitForPortsToFree', () => {
  it('answers at once, telling of no wait, when every port is free', async () => {
    // Prepare
    const port = await holdAPort();
    await new Promise((resolve) => held?.close(resolve));
    held = undefined;
    const told: (readonly number[])[] = [];

    // Act
    const taken = await waitForPortsToFree([port, 0], {
      withinMs: 600_000,
      onWait: (ports) => told.push(ports),
    });

    // Assess
    expect(taken).toEqual([]);
    expect(told).toEqual([]);
  });

  it('waits for a taken port until it is released', async () => {
    // Prepare: the holder lets the port go once the wait has begun
    const port = await holdAPort();
    const holder = held;
    const told: (readonly number[])[] = [];

    // Act
    const taken = await waitForPortsToFree([port], {
      withinMs: 600_000,
      pollMs: 50,
      onWait: (ports) => {
        told.push(ports);
        holder?.close();
        held = undefined;
      },
    });

    // Assess
    expect(told).toEqual([[port]]);
    expect(taken).toEqual([]);
  });

  it('answers the ports still taken when its time is up', async () => {
    // Prepare
    const port = await holdAPort();

    // Act
    const taken = await waitForPortsToFree([port], { withinMs: 200, pollMs: 50 });

    // Assess
    expect(taken).toEqual([port]);
  });
});
