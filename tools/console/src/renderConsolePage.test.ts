import { describe, expect, it } from 'vitest';
import type { ConsoleQueue } from './readConsoleQueues.ts';
import { escapeHtml, renderOrders, renderQueues } from './renderConsolePage.ts';

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
    const html = renderOrders([
      {
        orderId: 'ord-<1>',
        status: 'SHIPPED',
        createdAt: '2026-01-01T00:00:00.000Z',
        timeline: [
          { status: 'PLACED', at: '2026-01-01T00:00:00.000Z' },
          { status: 'SHIPPED', at: '2026-01-01T00:00:02.000Z' },
        ],
      },
    ]);

    // Assess
    expect(html).toContain('<td data-status="ord-&lt;1&gt;">SHIPPED</td>');
    expect(html).toMatch(/PLACED.*&rarr; SHIPPED/);
    expect(html).toContain('href="/labels/ord-%3C1%3E"');
    expect(html).not.toContain('<1>');
  });

  it('links no label for a rejected order, which never ships', () => {
    // Act
    const html = renderOrders([
      {
        orderId: 'ord-2',
        status: 'REJECTED',
        createdAt: '2026-01-01T00:00:00.000Z',
        timeline: [
          { status: 'PLACED', at: '2026-01-01T00:00:00.000Z' },
          { status: 'REJECTED', at: '2026-01-01T00:00:01.000Z' },
        ],
      },
    ]);

    // Assess
    expect(html).toContain('<small>no label: rejected</small>');
    expect(html).not.toContain('href="/labels/');
  });

  it('says so when there are no orders', () => {
    // Act
    const html = renderOrders([]);

    // Assess
    expect(html).toBe('<p>No orders yet.</p>');
  });
});
