import { parseTopology, type Topology } from '@conveyor/event-types';
import type { RequestCount } from '@conveyor/local-cloud';
import { describe, expect, it } from 'vitest';
import { awsPrices } from './awsPrices.ts';
import { CallKind, type UsageWindow } from './callUsage.ts';
import { deriveFlowMinimum } from './flowMinimum.ts';
import { formatCallsPerOrder, formatTable } from './formatReport.ts';
import { accountStep } from './stepAccount.ts';

const calls = (
  service: RequestCount['service'],
  operation: string,
  fn: string,
  count: number,
  entries = count,
): RequestCount => ({
  service,
  operation,
  caller: `fn.conveyor-${fn.replace('.', '.local.')}`,
  calls: count,
  refused: 0,
  entries,
  bytes: 500 * entries,
  messagesReceived: 0,
  emptyReceives: 0,
});

// Two orders, every consumer receiving each record alone: the minimum at one record per batch.
const window: UsageWindow = {
  seconds: 10,
  requests: [
    calls('sns', 'Publish', 'checkout.postCheckout', 2),
    calls('sns', 'Publish', 'inventory.onOrderPlaced', 2),
    calls('sns', 'Publish', 'shipping.onInventoryReserved', 2),
    calls('sqs', 'ReceiveMessage', 'inventory.onOrderPlaced', 5),
    calls('sqs', 'DeleteMessageBatch', 'inventory.onOrderPlaced', 2),
    calls('sqs', 'DeleteMessageBatch', 'checkout.onOrderProgress', 4),
    calls('dynamodb', 'PutItem', 'checkout.postCheckout', 4),
    calls('dynamodb', 'GetItem', 'checkout.onOrderProgress', 4),
  ],
  invocations: [
    {
      service: 'checkout',
      functionKey: 'postCheckout',
      invocations: 2,
      timeouts: 0,
      durationMs: 100,
      billedMs: 102,
    },
    {
      service: 'inventory',
      functionKey: 'onOrderPlaced',
      invocations: 2,
      timeouts: 0,
      durationMs: 100,
      billedMs: 102,
    },
    {
      service: 'checkout',
      functionKey: 'onOrderProgress',
      invocations: 4,
      timeouts: 0,
      durationMs: 100,
      billedMs: 104,
    },
  ],
};

const facts = {
  sizing: new Map(
    ['checkout.postCheckout', 'inventory.onOrderPlaced', 'checkout.onOrderProgress'].map((fn) => [
      fn,
      { memoryMb: 256, architecture: 'arm64' as const },
    ]),
  ),
  standardQueueConsumers: new Set(['marketing.onOrderPlaced']),
  standardTopicProducers: new Set<string>(),
  namePrefix: 'conveyor',
  archiveMonths: 12,
};

// The steps this test's counts touch: an order reserved, and its status moved twice.
const fixture: Topology = parseTopology({
  namePrefix: 'conveyor',
  operations: { topicName: 'operations' },
  topics: {
    orderEvents: {
      logicalId: 'OrderEvents',
      name: 'order-events.fifo',
      fifo: true,
      producer: 'checkout',
      events: ['order.placed'],
    },
    inventoryEvents: {
      logicalId: 'InventoryEvents',
      name: 'inventory-events.fifo',
      fifo: true,
      producer: 'inventory',
      events: ['inventory.reserved', 'inventory.reservation-failed'],
    },
    shippingEvents: {
      logicalId: 'ShippingEvents',
      name: 'shipping-events.fifo',
      fifo: true,
      producer: 'shipping',
      events: ['shipment.created'],
    },
  },
  queues: {
    inventoryOrders: {
      logicalId: 'Orders',
      name: 'inventory-orders.fifo',
      dlqName: 'inventory-orders-dlq.fifo',
      fifo: true,
      consumer: 'inventory',
      function: 'onOrderPlaced',
      batchSize: 10,
      maximumConcurrency: 5,
      subscriptions: { orderEvents: { events: ['order.placed'] } },
    },
    checkoutOrderStatus: {
      logicalId: 'OrderStatus',
      name: 'checkout-order-status.fifo',
      dlqName: 'checkout-order-status-dlq.fifo',
      fifo: true,
      consumer: 'checkout',
      function: 'onOrderProgress',
      batchSize: 10,
      maximumConcurrency: 5,
      subscriptions: {
        inventoryEvents: { events: ['inventory.reserved'] },
        shippingEvents: { events: ['shipment.created'] },
      },
    },
  },
});

describe('accountStep', () => {
  it('divides by the orders and sets each kind beside the minimum at the batching achieved', () => {
    // Prepare
    const minimum = deriveFlowMinimum(fixture, { lines: 1, optInShare: 0 });

    // Act
    const account = accountStep(window, 2, 2, minimum, facts, awsPrices);

    // Assess
    expect(account.callsPerOrder).toMatchObject({
      [CallKind.snsPublish]: 3,
      [CallKind.sqsReceive]: 2.5,
      [CallKind.sqsDelete]: 3,
      [CallKind.dynamodbWrite]: 2,
      [CallKind.dynamodbRead]: 2,
    });
    expect(account.invocationsPerOrder).toBe(4);
    expect(account.recordsPerBatch).toEqual({
      'inventory.onOrderPlaced': 1,
      'checkout.onOrderProgress': 1,
    });
    // 3 deliveries, each alone.
    expect(account.minimum.observedBatching.lambdaInvocations).toBe(4);
    expect(account.cost.totals.measured).toBeGreaterThan(0);
  });
});

describe('formatTable and formatCallsPerOrder', () => {
  it('aligns columns and shows each kind measured, its minimum and the ratio', () => {
    // Prepare
    const minimum = deriveFlowMinimum(fixture, { lines: 1, optInShare: 0 });
    const account = accountStep(window, 2, 2, minimum, facts, awsPrices);

    // Act
    const table = formatTable([
      ['a', '1'],
      ['bbb', '22'],
    ]);
    const calls = formatCallsPerOrder(minimum, [{ rate: 5, account }]);

    // Assess
    expect(table).toBe('a     1\nbbb  22');
    expect(calls.split('\n')[0]).toMatch(/^per order\s+5\/s\s+min\s+×$/);
    expect(calls).toMatch(/SNS publish\s+3\.00\s+3\.00\s+1\.00/);
    expect(calls).toMatch(/Lambda invocations\s+4\.00\s+4\.00\s+1\.00/);
  });
});
