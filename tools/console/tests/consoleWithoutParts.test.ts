// The console while the parts it reads are down: the local cloud stopped, shipping not running.
// Each part answers with one line saying which and what to do, not a socket error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '@conveyor/local-cloud';
import { boundedFetch } from '@conveyor/service-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsoleServer } from '../src/index.ts';

let server: ConsoleServer | undefined;
let logsDir = '';
let ports: number[] = [];

beforeAll(async () => {
  // Free a moment ago, and nothing is started on them: a stopped local cloud and shipping.
  ports = await freePorts(4);
  const [fauxqs, dynamodb, ses, shipping] = ports;
  logsDir = mkdtempSync(join(tmpdir(), 'console-logs-'));
  server = await startConsoleServer({
    port: 0,
    logsDir,
    env: { CONVEYOR_LOCAL_PORTS: JSON.stringify({ fauxqs, dynamodb, ses }) },
    shippingUrl: `http://127.0.0.1:${String(shipping)}`,
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(logsDir, { recursive: true, force: true });
});

const consoleUrl = (): string => {
  if (server === undefined) throw new Error('The console did not start.');
  return server.url;
};

describe('the console without the parts it reads', () => {
  it('says the local cloud is not running, in the orders part as in the queues part', async () => {
    // Act
    const orders = await boundedFetch(`${consoleUrl()}/fragments/orders`);
    const queues = await boundedFetch(`${consoleUrl()}/fragments/queues`);

    // Assess
    expect(orders.status).toBe(503);
    expect(await orders.text()).toContain(
      `The local cloud is not running on 127.0.0.1:${String(ports[1])}.`,
    );
    expect(queues.status).toBe(503);
    expect(await queues.text()).toContain('The local cloud is not running on 127.0.0.1:');
  });

  it('opens the page naming the parts that are not current, not as live', async () => {
    // Act
    const page = await boundedFetch(`${consoleUrl()}/`);
    const html = await page.text();

    // Assess
    expect(page.status).toBe(200);
    expect(html).toMatch(/<span id="status">not current: (queues, orders|orders, queues)<\/span>/);
  });

  it('traces from the logs alone when the local cloud is down, saying why', async () => {
    // Prepare: checkout's line for an order, as npm start keeps it.
    writeFileSync(
      join(logsDir, 'checkout.log'),
      `${JSON.stringify({
        level: 'INFO',
        message: 'Order placed',
        timestamp: new Date().toISOString(),
        service: 'checkout',
        orderId: 'ord-1',
        correlationId: 'corr-1',
        eventId: 'evt-1',
        route: 'POST /checkout',
      })}\n`,
    );

    // Act
    const trace = await boundedFetch(`${consoleUrl()}/fragments/orders/ord-1/trace`);

    // Assess
    expect(trace.status).toBe(200);
    const html = await trace.text();
    expect(html).toContain('<h3>Order <code>ord-1</code>');
    expect(html).toContain('Queues and DLQs not checked (The local cloud is not running on');
  });

  it('says shipping cannot be reached for a label', async () => {
    // Act
    const label = await boundedFetch(`${consoleUrl()}/labels/ord-1`, { redirect: 'manual' });

    // Assess
    expect(label.status).toBe(502);
    expect(await label.text()).toMatch(
      /^Shipping on http:\/\/127\.0\.0\.1:\d+ cannot be reached \(.+\): is it running\?/,
    );
  });
});

describe('the console on a local cloud that takes connections and never answers', () => {
  // What a local cloud stopped with SIGSTOP looks like from outside: the kernel still accepts.
  let silent: { server: ConsoleServer; listeners: Server[]; sockets: Socket[] } | undefined;

  beforeAll(async () => {
    const [fauxqs, dynamodb, ses] = await freePorts(3);
    const sockets: Socket[] = [];
    const listeners = await Promise.all(
      [fauxqs, dynamodb].map(
        (port) =>
          new Promise<Server>((resolve, reject) => {
            const listener = createServer((socket) => sockets.push(socket));
            listener.once('error', reject);
            listener.listen(port, '127.0.0.1', () => {
              resolve(listener);
            });
          }),
      ),
    );
    const server = await startConsoleServer({
      port: 0,
      logsDir,
      env: { CONVEYOR_LOCAL_PORTS: JSON.stringify({ fauxqs, dynamodb, ses }) },
    });
    silent = { server, listeners, sockets };
  });

  afterAll(async () => {
    await silent?.server.close();
    for (const socket of silent?.sockets ?? []) socket.destroy();
    await Promise.all(
      (silent?.listeners ?? []).map(
        (listener) =>
          new Promise<void>((resolve) => {
            listener.close(() => {
              resolve();
            });
          }),
      ),
    );
  });

  it('answers 504, a gateway that got no answer, in both parts, saying so', async () => {
    // Prepare
    const url = silent?.server.url ?? '';

    // Act
    const orders = await boundedFetch(`${url}/fragments/orders`);
    const queues = await boundedFetch(`${url}/fragments/queues`);

    // Assess
    expect(orders.status).toBe(504);
    expect(await orders.text()).toContain('takes connections but did not answer');
    expect(queues.status).toBe(504);
    expect(await queues.text()).toContain('takes connections but did not answer');
  });
});
