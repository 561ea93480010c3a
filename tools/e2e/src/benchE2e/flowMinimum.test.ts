import { parseTopology, topology, type Topology } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import {
  consumerStepMinimums,
  deriveFlowMinimum,
  minimumWithBatches,
  NoMinimumError,
  unstatedStepMinimum,
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
  it('states minimums only for steps the topology delivers an order\u2019s events to', () => {
    // Act
    const minimum = deriveFlowMinimum(topology, shape);

    // Assess: an entry no delivery uses is a consumer removed or renamed without its minimum.
    const delivered = minimum.deliveries.map(
      (delivery) => `${delivery.consumer} <- ${delivery.eventType}`,
    );
    expect(delivered).toEqual(expect.arrayContaining(Object.keys(consumerStepMinimums)));
  });

  it('states a minimum for every step of the order flow as written out', () => {
    // Act
    const minimum = deriveFlowMinimum(fixture, shape);

    // Assess
    expect(minimum.deliveries.filter((delivery) => !delivery.stated)).toEqual([]);
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

  it('counts a delivery whose step has no stated minimum as the delivery alone, saying so', () => {
    // Prepare: a consumer added since the table was written, as the generator adds one.
    const withLoyalty: Topology = parseTopology({
      ...fixture,
      queues: {
        ...fixture.queues,
        loyaltyInbox: queue('loyalty', 'onLoyaltyInbox', {
          orderEvents: { events: ['order.placed'] },
        }),
      },
    });
    const without = deriveFlowMinimum(fixture, shape);

    // Act
    const minimum = deriveFlowMinimum(withLoyalty, shape);

    // Assess
    expect(minimum.deliveries.filter((delivery) => !delivery.stated)).toEqual([
      {
        eventType: 'order.placed',
        queueKey: 'loyaltyInbox',
        fifo: true,
        consumer: 'loyalty.onLoyaltyInbox',
        perOrder: 1,
        batchSize: 10,
        step: unstatedStepMinimum,
        stated: false,
      },
    ]);
    expect(minimum).toMatchObject({
      snsPublishes: without.snsPublishes,
      dynamodbWrites: without.dynamodbWrites,
      s3Writes: without.s3Writes,
      sesSends: without.sesSends,
    });
    expect(minimumWithBatches(minimum, () => 1).lambdaInvocations).toBe(
      minimumWithBatches(without, () => 1).lambdaInvocations + 1,
    );
  });

  it('refuses a body filter whose share it cannot tell, naming the queue', () => {
    // Prepare
    const filtered: Topology = parseTopology({
      ...fixture,
      queues: {
        ...fixture.queues,
        loyaltyInbox: queue('loyalty', 'onLoyaltyInbox', {
          orderEvents: { events: ['order.placed'], bodyFilter: { data: { currency: ['EUR'] } } },
        }),
      },
    });

    // Act
    const act = () => deriveFlowMinimum(filtered, shape);

    // Assess
    expect(act).toThrow(NoMinimumError);
    expect(act).toThrow('Queue loyaltyInbox filters order.placed on its body');
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
