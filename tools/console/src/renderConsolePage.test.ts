import type { PeekResult, RedriveResult } from '@conveyor/dlq';
import { findDeadLetterQueue } from '@conveyor/dlq';
import { topology } from '@conveyor/event-types';
import { type LogRecord, traceOrder } from '@conveyor/trace';
import { describe, expect, it } from 'vitest';
import type { ConsoleQueue } from './readConsoleQueues.ts';
import type { RecentOrder } from './readRecentOrders.ts';
import {
  describeRedrive,
  escapeHtml,
  renderOrders,
  renderPeek,
  renderQueues,
  renderTrace,
} from './renderConsolePage.ts';

/** Orders as a scan that read the whole table returns them. */
const wholeTable = (orders: readonly RecentOrder[]) => ({
  orders,
  complete: true,
  scanned: orders.length,
});

const queue = (overrides: Partial<ConsoleQueue> = {}): ConsoleQueue => ({
  key: 'checkoutOrderStatus',
  name: 'conveyor-local-checkout-order-status.fifo',
  consumer: 'checkout',
  state: { visible: 2, inFlight: 1, depth: 3 },
  deadLetterQueues: [
    {
      name: 'conveyor-local-checkout-order-status-dlq.fifo',
      source: 'queue',
      state: { visible: 1, inFlight: 0, depth: 1 },
    },
  ],
  deadLetterDepth: 1,
  ...overrides,
});

describe('escapeHtml', () => {
  it('escapes what could open a tag or close an attribute', () => {
    // Act
    const escaped = escapeHtml(`<script>alert("x" + 'y')</script> & more`);

    // Assess
    expect(escaped).toBe(
      '&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;)&lt;/script&gt; &amp; more',
    );
  });
});

describe('renderQueues', () => {
  it('renders depth, in-flight and DLQ depth cells, with actions only for a DLQ that holds messages', () => {
    // Prepare
    const empty = queue({
      name: 'conveyor-local-inventory-orders.fifo',
      deadLetterQueues: [
        {
          name: 'conveyor-local-inventory-orders-dlq.fifo',
          source: 'queue',
          state: { visible: 0, inFlight: 0, depth: 0 },
        },
      ],
      deadLetterDepth: 0,
    });

    // Act
    const html = renderQueues([queue(), empty]);

    // Assess
    expect(html).toContain(
      '<td class="num" data-visible="conveyor-local-checkout-order-status.fifo">2</td>',
    );
    expect(html).toContain(
      '<td class="num" data-in-flight="conveyor-local-checkout-order-status.fifo">1</td>',
    );
    expect(html).toContain(
      '<span data-dlq-depth="conveyor-local-checkout-order-status-dlq.fifo">1</span>',
    );
    expect(html).toContain('data-redrive="conveyor-local-checkout-order-status-dlq.fifo"');
    expect(html).not.toContain('data-redrive="conveyor-local-inventory-orders-dlq.fifo"');
  });

  it('shows a queue that does not exist as missing', () => {
    // Prepare
    const { state: _state, ...withoutState } = queue();

    // Act
    const html = renderQueues([withoutState]);

    // Assess
    expect(html).toContain('data-visible="conveyor-local-checkout-order-status.fifo">missing</td>');
  });
});

describe('renderOrders', () => {
  it('renders each order with its status history and an escaped id', () => {
    // Act
    const html = renderOrders(
      wholeTable([
        {
          orderId: 'ord-<1>',
          status: 'SHIPPED',
          createdAt: '2026-01-01T00:00:00.000Z',
          timeline: [
            { status: 'PLACED', at: '2026-01-01T00:00:00.000Z' },
            { status: 'SHIPPED', at: '2026-01-01T00:00:02.000Z' },
          ],
        },
      ]),
    );

    // Assess
    expect(html).toContain('<td data-status="ord-&lt;1&gt;">SHIPPED</td>');
    expect(html).toMatch(/PLACED.*&rarr; SHIPPED/);
    expect(html).toContain('href="/labels/ord-%3C1%3E"');
    expect(html).not.toContain('<1>');
  });

  it('links no label for a rejected order, which never ships', () => {
    // Act
    const html = renderOrders(
      wholeTable([
        {
          orderId: 'ord-2',
          status: 'REJECTED',
          createdAt: '2026-01-01T00:00:00.000Z',
          timeline: [
            { status: 'PLACED', at: '2026-01-01T00:00:00.000Z' },
            { status: 'REJECTED', at: '2026-01-01T00:00:01.000Z' },
          ],
        },
      ]),
    );

    // Assess
    expect(html).toContain('<small>no label: rejected</small>');
    expect(html).not.toContain('href="/labels/');
  });

  it('says so when there are no orders', () => {
    // Act
    const html = renderOrders(wholeTable([]));

    // Assess
    expect(html).toBe('<p>No orders yet.</p>');
  });

  it('says the list may miss newer orders when the table was read in part', () => {
    // Prepare
    const order: RecentOrder = {
      orderId: 'ord-3',
      status: 'SHIPPED',
      createdAt: '2026-01-01T00:00:00.000Z',
      timeline: [],
    };

    // Act
    const partial = renderOrders({ orders: [order], complete: false, scanned: 5_000 });
    const whole = renderOrders(wholeTable([order]));

    // Assess
    expect(partial).toContain(
      'The newest of the first 5000 orders read: the table holds more, so a newer one may be missing.',
    );
    expect(whole).not.toContain('data-partial');
  });
});

describe('renderPeek', () => {
  const queue = findDeadLetterQueue('local', 'email-notifications');
  const holding = (body: string): PeekResult => ({
    queue,
    depth: 1,
    notAllReached: false,
    messages: [
      {
        messageId: 'm-1',
        receiveCount: 3,
        body,
        envelope: { valid: false, problems: [{ path: '$', message: 'not an event' }] },
      } as unknown as PeekResult['messages'][number],
    ],
  });

  it('offers a redrive only when the DLQ holds something', () => {
    // Prepare
    const empty: PeekResult = { queue, depth: 0, messages: [], notAllReached: false };

    // Act
    const [emptyHtml, holdingHtml] = [
      renderPeek(empty, { bodies: false }),
      renderPeek(holding('{}'), { bodies: false }),
    ];

    // Assess
    expect(emptyHtml).not.toContain('data-redrive');
    expect(emptyHtml).not.toContain('data-body');
    expect(holdingHtml).toContain(`data-redrive="${queue.name}"`);
  });

  it('shows bodies, which hold customer data, only when asked, as npm run dlq -- peek --body', () => {
    // Prepare
    const result = holding('{"customer":{"email":"ada@example.com"},"line1":"12 Analytical Row"}');

    // Act
    const [withoutBodies, withBodies] = [
      renderPeek(result, { bodies: false }),
      renderPeek(result, { bodies: true }),
    ];

    // Assess
    expect(withoutBodies).toContain(
      '<code>m-1</code>, 3 receive(s): not a valid event: $ not an event',
    );
    expect(withoutBodies).not.toContain('ada@example.com');
    expect(withoutBodies).not.toContain('Analytical');
    expect(withoutBodies).toContain(`data-peek="${queue.name}" data-body`);
    expect(withBodies).toContain('&quot;email&quot;:&quot;ada@example.com&quot;');
    expect(withBodies).toContain('12 Analytical Row');
    expect(withBodies).not.toContain('data-body');
  });

  it('names the order an invalid body is about, when it still names one', () => {
    // Prepare
    const result = holding('{}');
    const [message] = result.messages;
    const aboutAnOrder: PeekResult = {
      ...result,
      messages:
        message === undefined
          ? []
          : [
              {
                ...message,
                envelope: {
                  valid: false,
                  aggregateId: 'ord-77',
                  problems: [{ path: '$.data', message: 'missing' }],
                },
              } as unknown as PeekResult['messages'][number],
            ],
    };

    // Act
    const html = renderPeek(aboutAnOrder, { bodies: false });

    // Assess
    expect(html).toContain('3 receive(s): not a valid event (of ord-77): $.data missing');
  });
});

describe('describeRedrive', () => {
  it('says what is left, and when another reader holds some of it', () => {
    // Prepare
    const queue = findDeadLetterQueue('local', 'marketing-audience');
    const result = (remaining: number, remainingInFlight: number): RedriveResult => ({
      queue,
      method: 'manual',
      moved: 2,
      messages: [],
      kept: [],
      remaining,
      remainingInFlight,
      notes: [],
    });

    // Act
    const [empty, left, held] = [result(0, 0), result(3, 0), result(3, 1)].map(describeRedrive);

    // Assess
    const moved = `Moved 2 message(s) from ${queue.name} back to ${queue.sourceName} (manual).`;
    expect(empty).toBe(moved);
    expect(left).toBe(`${moved} About 3 left.`);
    expect(held).toBe(
      `${moved} About 1 of the 3 left are held by another reader (a peek, a stopped redrive): redrive again in a minute.`,
    );
  });
});

describe('renderTrace', () => {
  it("shows a customer's own steps, then its orders newest first, each to trace", async () => {
    // Prepare
    const line = (second: number, fields: Record<string, unknown>): LogRecord => ({
      service: 'checkout',
      time: new Date(`2026-12-07T09:00:0${String(second)}.000Z`),
      fields,
    });
    const records = [
      line(1, {
        message: 'Customer registered',
        customerId: 'cus-7',
        aggregateId: 'cus-7',
        correlationId: 'c-1',
        eventId: 'e-1',
        route: 'POST /customers',
      }),
      line(2, {
        message: 'Order placed',
        customerId: 'cus-7',
        orderId: 'ord-a',
        correlationId: 'c-2',
        eventId: 'e-2',
        route: 'POST /checkout',
      }),
      line(3, {
        message: 'Order placed',
        customerId: 'cus-7',
        orderId: 'ord-b',
        correlationId: 'c-3',
        eventId: 'e-3',
        route: 'POST /checkout',
      }),
    ];
    const trace = await traceOrder({
      id: 'cus-7',
      source: {
        description: 'memory',
        find: (ids) =>
          Promise.resolve({
            records: records.filter((record) =>
              ids.some((id) => JSON.stringify(record.fields).includes(id)),
            ),
            invocations: [],
            requests: [],
          }),
      },
      topology,
      stage: 'local',
    });

    // Act
    const html = renderTrace(trace);

    // Assess
    expect(html).toContain('<h3>Customer <code>cus-7</code></h3>');
    expect(html).toContain('Orders of customer <code>cus-7</code>, newest first');
    expect(
      [...html.matchAll(/<li><button type="button" data-trace="([^"]+)">/g)].map((m) => m[1]),
    ).toEqual(['ord-b', 'ord-a']);
  });

  it('shows what a handler logged it did next to the outcome, and the DLQs it only counted beside the verdict', () => {
    // Prepare
    const step = (loggedOutcome?: string) => ({
      time: new Date('2026-12-07T09:00:00.000Z'),
      service: 'email',
      eventType: 'order.placed',
      eventId: 'e-1',
      outcome: 'handled' as const,
      messages: [],
      published: [],
      records: [],
      ...(loggedOutcome === undefined ? {} : { loggedOutcome }),
    });
    const trace = {
      id: 'ord-1',
      orderIds: ['ord-1'],
      correlationIds: [],
      source: 'memory',
      steps: [step(), step('already-sent')],
      diagnosis: { verdict: 'done' as const, findings: [], notExpected: [] },
    };

    // Act
    const html = renderTrace(trace);
    const withCountedDlq = renderTrace({
      ...trace,
      queues: {
        where: 'the local cloud',
        queues: new Map(),
        deadLetters: [],
        notAllPeeked: [{ name: 'email-dlq.fifo', depth: 2, peeked: 0, countedOnly: true }],
      },
    });

    // Assess
    expect(
      [...html.matchAll(/<td class="outcome-handled">([^<]*)<\/td>/g)].map((m) => m[1]),
    ).toEqual(['handled', 'handled (already-sent)']);
    expect(html).not.toContain('data-dlqs-counted');
    expect(withCountedDlq).toContain(
      '<p class="note" data-dlqs-counted>DLQs holding messages, counted but not looked at here: <code>email-dlq.fifo</code> (2).',
    );
  });
});
