// The console page on the running system, in a real headless chromium: npm start's supervisor
// with the five order-flow services and the console; an order placed by the test appears with
// its timeline, the queue depths update, and a DLQ is peeked and redriven from the page.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { localRegion } from '@conveyor/local-cloud';
import {
  boundedFetch,
  type LocalSystem,
  orderFlowServices,
  startLocalSystem,
  waitFor,
} from '@conveyor/service-testing';
import { LocalLogSource, traceOrder } from '@conveyor/trace';
import { topology } from '@conveyor/event-types';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Debian's package; `.ci/run` installs it where it is missing.
const chromiumPath =
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path)) ??
  '/usr/bin/chromium';

let system: LocalSystem | undefined;
let sqs: SQSClient | undefined;
let browser: Browser | undefined;
let page: Page;

const running = (): LocalSystem & { readonly consoleUrl: string } => {
  const consoleUrl = system?.consoleUrl;
  if (system === undefined || consoleUrl === undefined) {
    throw new Error('The system did not start with its console.');
  }
  return { ...system, consoleUrl };
};

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `No chromium at ${chromiumPath}: this test drives Debian's chromium. Install it with \`apt-get install -y chromium\` (.ci/run does).`,
    );
  }
  system = await startLocalSystem({ console: true });
  sqs = new SQSClient({
    endpoint: system.cloudEndpoint,
    region: localRegion,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    // As root (CI containers) chromium refuses its sandbox; the page is the test's own.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
  sqs?.destroy();
});

const placeOrder = async (correlationId: string): Promise<string> => {
  const response = await boundedFetch(`${running().http.checkout}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
    body: JSON.stringify({
      customer: { id: `cus-console-${correlationId}`, email: 'console@example.com', name: 'Ada' },
      lines: [{ sku: 'MUG-LOGO', quantity: 1 }],
      shippingAddress: {
        name: 'Ada Lovelace',
        line1: '12 Analytical Row',
        city: 'London',
        postalCode: 'NW1 6XE',
        country: 'GB',
      },
      currency: 'GBP',
      marketingOptIn: true,
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { orderId: string }).orderId;
};

/** The text of the first element matching `selector`, as the page shows it now. */
const textOf = (selector: string): Promise<string | undefined> =>
  page.evaluate((wanted) => document.querySelector(wanted)?.textContent ?? undefined, selector);

/** The services with a step in the trace the page shows. */
const tracedServices = async (): Promise<Set<string | null>> =>
  new Set(
    await page.evaluate(() =>
      [...document.querySelectorAll('#trace [data-step]')].map((row) =>
        row.getAttribute('data-step'),
      ),
    ),
  );

/** Waits until the page shows `expected` in `selector` (the page updates itself by polling). */
const waitForText = (selector: string, accept: (text: string) => boolean, description: string) =>
  waitFor(
    async () => {
      const text = await textOf(selector);
      return text !== undefined && accept(text) ? text : undefined;
    },
    { description: `the console showing ${description}`, intervalMs: 250 },
  );

/** Clicks in one step in the page: its parts are replaced as they refresh. */
const click = (selector: string): Promise<boolean> =>
  page.evaluate((wanted) => {
    const element = document.querySelector<HTMLElement>(wanted);
    element?.click();
    return element !== null;
  }, selector);

const isPng = (image: Uint8Array): boolean =>
  image.length > 24 &&
  Buffer.from(image.subarray(0, 8)).equals(
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  );

describe('the console page', () => {
  it('shows an order placed by the test with its timeline across the services, and live queue depths', async () => {
    // Prepare
    const orderId = await placeOrder(`console-${randomUUID().slice(0, 8)}`);
    await page.goto(running().consoleUrl);

    // Act: the page updates itself; the order's trace opens on a click.
    await waitForText(
      `[data-status="${orderId}"]`,
      (text) => text === 'SHIPPED',
      `${orderId} SHIPPED`,
    );
    expect(await click(`[data-trace="${orderId}"]`)).toBe(true);
    // "done" does not wait for marketing (its subscription filters on consent), whose batching
    // window closes seconds after the shipment: the trace, refreshed every 2 s, gets its step later.
    await waitFor(
      async () => {
        const traced = await tracedServices();
        const done = (await textOf('[data-verdict]')) === 'done';
        return done && orderFlowServices.every((service) => traced.has(service)) ? true : undefined;
      },
      {
        description: `the trace of ${orderId} done, with a step of every service`,
        intervalMs: 250,
      },
    );
    const screenshot = await page.screenshot({ type: 'png', fullPage: true });

    // Assess
    expect(isPng(screenshot)).toBe(true);
    // IHDR: width and height of the page drawn.
    const view = Buffer.from(screenshot);
    expect(view.readUInt32BE(16)).toBeGreaterThan(0);
    expect(view.readUInt32BE(20)).toBeGreaterThan(0);
    const body = await textOf('body');
    expect(body).toContain(orderId);
    expect(await textOf(`[data-order="${orderId}"]`)).toMatch(/PLACED.*CONFIRMED.*SHIPPED/s);
    expect(await tracedServices()).toEqual(new Set(orderFlowServices));
    const queues = await page.evaluate(() =>
      [...document.querySelectorAll('[data-queue]')].map((row) => row.getAttribute('data-queue')),
    );
    expect(queues).toEqual(
      Object.values(topology.queues).map((queue) => `conveyor-local-${queue.name}`),
    );
    // Analytics does not run here: its queue is not there, and the page says so.
    for (const queue of Object.values(topology.queues)) {
      const consumerRuns = (orderFlowServices as readonly string[]).includes(queue.consumer);
      expect(await textOf(`[data-in-flight="conveyor-local-${queue.name}"]`), queue.name).toMatch(
        consumerRuns ? /^\d+$/ : /^missing$/,
      );
    }
    const label = await page.evaluate(
      (id) => document.querySelector<HTMLAnchorElement>(`[data-order="${id}"] a`)?.href,
      orderId,
    );
    const labelResponse = await boundedFetch(label ?? '', { redirect: 'follow' });
    expect(labelResponse.headers.get('content-type')).toContain('pdf');
    expect(
      Buffer.from(await labelResponse.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const inbox = await page.evaluate(
      () => [...document.querySelectorAll('a')].find((a) => a.textContent === 'Mail inbox')?.href,
    );
    expect(inbox).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('shows a DLQ message, redrives it from the page, and its consumer then handles it', async () => {
    // Prepare: a shipped order, and a valid event of it in checkout's order-status DLQ, as a
    // failed delivery leaves it there. Checkout handles it once back (a late reservation).
    const orderId = await placeOrder(`console-dlq-${randomUUID().slice(0, 8)}`);
    await page.goto(running().consoleUrl);
    await waitForText(
      `[data-status="${orderId}"]`,
      (text) => text === 'SHIPPED',
      `${orderId} SHIPPED`,
    );
    const dlq = 'conveyor-local-checkout-order-status-dlq.fifo';
    const depthCell = `[data-dlq-depth="${dlq}"]`;
    await waitForText(depthCell, (text) => text === '0', `${dlq} empty`);
    const event = buildEvent(
      {
        eventType: 'inventory.reserved',
        version: 1,
        aggregateId: orderId,
        data: exampleEventData['inventory.reserved'](),
      },
      { correlationId: `console-dlq-${orderId}` },
    );
    if (sqs === undefined) throw new Error('The system did not start.');
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: dlq }));
    await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: JSON.stringify(event),
        MessageGroupId: orderId,
        MessageDeduplicationId: event.eventId,
        MessageAttributes: {
          eventType: { DataType: 'String', StringValue: event.eventType },
          eventVersion: { DataType: 'String', StringValue: '1' },
          correlationId: { DataType: 'String', StringValue: event.metadata.correlationId },
        },
      }),
    );
    await waitForText(depthCell, (text) => text === '1', `${dlq} holding 1 message`);
    // The trace view, which the page reloads every 2 s, counts the DLQ's messages but never
    // peeks them: a peek adds a receive and holds them from a redrive for a moment.
    const traceUrl = `${running().consoleUrl}fragments/orders/${orderId}/trace`;
    const traces = [];
    for (let read = 0; read < 3; read += 1) {
      traces.push(await boundedFetch(traceUrl, { headers: { 'x-conveyor-console': '1' } }));
    }
    expect(traces.map((trace) => trace.status)).toEqual([200, 200, 200]);
    expect(await traces[0]?.text()).toContain(
      `the messages of ${dlq} (1) were counted, not looked at`,
    );
    expect(await click(`[data-peek="${dlq}"]`)).toBe(true);
    // The first receive is the peek's own; bodies (customer data) only on request.
    const peeked = await waitForText(
      `#dlq [data-message]`,
      (text) => text.includes(`inventory.reserved v1 of ${orderId}`),
      'what the DLQ message is',
    );
    expect(peeked).toContain('1 receive(s)');
    expect(await page.$('#dlq pre')).toBeNull();
    expect(await click(`#dlq [data-peek="${dlq}"][data-body]`)).toBe(true);
    await waitForText('#dlq pre', (text) => text.includes(event.eventId), 'the message body');

    // Act
    expect(await click(`#dlq [data-redrive="${dlq}"]`)).toBe(true);

    // Assess
    const result = await waitForText('#dlq-result', (text) => text !== '', 'the redrive result');
    expect(result).toBe(
      `Moved 1 message(s) from ${dlq} back to conveyor-local-checkout-order-status.fifo (manual).`,
    );
    await waitForText(depthCell, (text) => text === '0', `${dlq} empty again`);
    await waitFor(
      async () => {
        const trace = await traceOrder({
          id: orderId,
          source: new LocalLogSource(running().logsDir),
          topology,
          stage: 'local',
        });
        return trace.steps.some(
          (step) =>
            step.service === 'checkout' &&
            step.eventId === event.eventId &&
            step.outcome === 'handled',
        )
          ? true
          : undefined;
      },
      { description: `checkout handling the redriven ${event.eventId}`, intervalMs: 1_000 },
    );
    expect(await textOf(`[data-status="${orderId}"]`)).toBe('SHIPPED');
  });

  it('refuses a redrive that does not come from the page', async () => {
    // Prepare
    const url = `${running().consoleUrl}api/dlqs/conveyor-local-checkout-order-status-dlq.fifo/redrive`;

    // Act
    const noHeader = await boundedFetch(url, { method: 'POST' });
    const foreign = await boundedFetch(url, {
      method: 'POST',
      headers: { 'x-conveyor-console': '1', origin: 'http://evil.example' },
    });

    // Assess
    expect(noHeader.status).toBe(403);
    expect(foreign.status).toBe(403);
  });

  it('refuses a peek that does not come from the page: it adds to the receive counts', async () => {
    // Prepare
    const url = `${running().consoleUrl}fragments/dlqs/conveyor-local-checkout-order-status-dlq.fifo`;

    // Act
    const noHeader = await boundedFetch(url);
    const fromPage = await boundedFetch(url, { headers: { 'x-conveyor-console': '1' } });

    // Assess
    expect(noHeader.status).toBe(403);
    expect(await noHeader.text()).toBe('Only the console page peeks.');
    expect(fromPage.status).toBe(200);
  });

  it('answers 404 to a path with more after its route, and acts on none', async () => {
    // Prepare
    const dlq = 'conveyor-local-checkout-order-status-dlq.fifo';
    const header = { 'x-conveyor-console': '1' };

    // Act
    const redrive = await boundedFetch(`${running().consoleUrl}api/dlqs/${dlq}/redrive/extra`, {
      method: 'POST',
      headers: header,
    });
    const peek = await boundedFetch(`${running().consoleUrl}fragments/dlqs/${dlq}/whatever`, {
      headers: header,
    });
    const queues = await boundedFetch(`${running().consoleUrl}fragments/queues/x`);

    // Assess
    expect(redrive.status).toBe(404);
    expect(await redrive.json()).toEqual({ message: 'Not found.' });
    expect(peek.status).toBe(404);
    expect(queues.status).toBe(404);
  });

  it('refuses to trace what is not an id, and answers the favicon with no content', async () => {
    // Act
    const quoted = await boundedFetch(`${running().consoleUrl}fragments/orders/a%22b/trace`);
    const favicon = await boundedFetch(`${running().consoleUrl}favicon.ico`);

    // Assess
    expect(quoted.status).toBe(400);
    expect(await quoted.text()).toContain('Not an order, correlation or customer id');
    expect(favicon.status).toBe(204);
  });

  it('answers 400, naming the path, for a path that is not valid percent-encoding', async () => {
    // Act
    const trace = await boundedFetch(`${running().consoleUrl}fragments/orders/%ZZ/trace`);
    const redrive = await boundedFetch(`${running().consoleUrl}api/dlqs/%E0%A4%A/redrive`, {
      method: 'POST',
      headers: { 'x-conveyor-console': '1' },
    });

    // Assess
    expect(trace.status).toBe(400);
    expect(await trace.text()).toContain(
      'The path /fragments/orders/%ZZ/trace is not valid percent-encoding',
    );
    expect(redrive.status).toBe(400);
    expect(await redrive.json()).toEqual({
      message: 'The path /api/dlqs/%E0%A4%A/redrive is not valid percent-encoding',
    });
  });

  it('answers 400 for a label of something that is not an order id, as shipping does', async () => {
    // Act
    const empty = await boundedFetch(`${running().consoleUrl}labels/`, { redirect: 'manual' });
    const blank = await boundedFetch(`${running().consoleUrl}labels/%20`, { redirect: 'manual' });
    const unknown = await boundedFetch(`${running().consoleUrl}labels/${randomUUID()}`, {
      redirect: 'manual',
    });

    // Assess
    expect(empty.status).toBe(400);
    expect(await empty.text()).toBe('Name an order: /labels/<orderId>.');
    expect(blank.status).toBe(400);
    expect(await blank.text()).toBe('" " is not an order id (shipping answered 400).');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('shipping has no shipment for it (404)');
  });
});
