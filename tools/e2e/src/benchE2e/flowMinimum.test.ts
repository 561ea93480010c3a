import { parseTopology, topology, type Topology } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import {
  consumerStepMinimums,
  deriveFlowMinimum,
  minimumWithBatches,
  NoMinimumError,
} from './flowMinimum.ts';

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const queue = (
  consumer: string,
  fn: string,
  subscriptions: Record<string, unknown>,
  fifo = true,
) => ({
  logicalId: `${capitalized(consumer)}${capitalized(fn)}`,
  name: `${consumer}-${fn}${fifo ? '.fifo' : ''}`,
  dlqName: `${consumer}-${fn}-dlq${fifo ? '.fifo' : ''}`,
  fifo,
  consumer,
  function: fn,
  batchSize: fifo ? 10 : 50,
  ...(fifo ? {} : { batchingWindow: 5 }),
  maximumConcurrency: 2,
  subscriptions,
});

// The order flow as it stands, written out so that the arithmetic below does not move with it.
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
    inventoryOrders: queue('inventory', 'onOrderPlaced', {
      orderEvents: { events: ['order.placed'] },
    }),
    inventoryShipments: queue('inventory', 'onShipmentCreated', {
      shippingEvents: { events: ['shipment.created'] },
    }),
    emailNotifications: queue('email', 'onNotificationEvent', {
      orderEvents: { events: ['order.placed'] },
      inventoryEvents: { events: ['inventory.reservation-failed'] },
      shippingEvents: { events: ['shipment.created'] },
    }),
    marketingAudience: queue(
      'marketing',
      'onAudienceEvent',
      {
        orderEvents: {
          events: ['order.placed'],
          bodyFilter: { data: { marketingOptIn: [true] } },
        },
      },
      false,
    ),
    shippingRequests: queue('shipping', 'onInventoryReserved', {
      inventoryEvents: { events: ['inventory.reserved'] },
    }),
    checkoutOrderStatus: queue('checkout', 'onOrderProgress', {
      inventoryEvents: { events: ['inventory.reserved', 'inventory.reservation-failed'] },
      shippingEvents: { events: ['shipment.created'] },
    }),
  },
});

const shape = { lines: 1, optInShare: 0.5 };

describe('deriveFlowMinimum', () => {
  it("states a minimum for each step the topology delivers an order's events to, and no other", () => {
    // Act
    const minimum = deriveFlowMinimum(topology, shape);

    // Assess
    expect(
      minimum.deliveries
        .map((delivery) => `${delivery.consumer} <- ${delivery.eventType}`)
        .toSorted(),
    ).toEqual(Object.keys(consumerStepMinimums).toSorted());
  });

  it('adds up three publishes, the business writes, a label and two mails, opt-in share applied', () => {
    // Act
    const minimum = deriveFlowMinimum(fixture, shape);

    // Assess
    // checkout 2; inventory (1 + 1 line) twice; email 2 twice; marketing 1 × 0.5; shipping 1;
    // checkout 1 twice.
    expect(minimum).toMatchObject({
      snsPublishes: 3,
      dynamodbWrites: 13.5,
      dynamodbReads: 0,
      s3Writes: 1,
      sesSends: 2,
      httpInvocations: 1,
    });
    expect(minimum.deliveries.reduce((sum, delivery) => sum + delivery.perOrder, 0)).toBe(7.5);
  });

  it('holds a stock write per line, when reserving and when shipping', () => {
    // Act
    const one = deriveFlowMinimum(fixture, { lines: 1, optInShare: 0 });
    const three = deriveFlowMinimum(fixture, { lines: 3, optInShare: 0 });

    // Assess
    expect(three.dynamodbWrites - one.dynamodbWrites).toBe(4);
  });

  it('refuses a delivery whose step has no stated minimum, naming it', () => {
    // Prepare
    const withAnalytics: Topology = parseTopology({
      ...fixture,
      queues: {
        ...fixture.queues,
        analytics: queue('analytics', 'onOrderEvent', {
          shippingEvents: { events: ['shipment.created'] },
        }),
      },
    });

    // Act
    const act = () => deriveFlowMinimum(withAnalytics, shape);

    // Assess
    expect(act).toThrow(NoMinimumError);
    expect(act).toThrow('analytics.onOrderEvent <- shipment.created');
  });
});

describe('minimumWithBatches', () => {
  it('needs a receive, a delete and an invocation per batch, so batching divides them', () => {
    // Prepare
    const minimum = deriveFlowMinimum(fixture, { lines: 1, optInShare: 1 });

    // Act
    const alone = minimumWithBatches(minimum, () => 1);
    const full = minimumWithBatches(minimum, (delivery) => delivery.batchSize);

    // Assess
    // 8 deliveries: 7 on FIFO queues (batches of 10), 1 on marketing's standard queue (of 50).
    expect(alone).toEqual({
      fifoBatches: 7,
      standardBatches: 1,
      sqsReceives: 8,
      sqsDeletes: 8,
      lambdaInvocations: 9,
      awsCalls: 3 + 16 + 14 + 1 + 2,
    });
    expect(full.fifoBatches).toBeCloseTo(0.7);
    expect(full.standardBatches).toBeCloseTo(0.02);
    expect(full.lambdaInvocations).toBeCloseTo(1.72);
  });
});
