import { topology } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { deadLetterQueues } from './dlqAccess.ts';
import type { OrderDeadLetter, QueueInspector, QueueReading } from './inspectQueues.ts';
import { memoryLogSource, record, recordsOfLog } from './testing/memoryLogSource.ts';
import { shippedOrder, shippedOrderLog, shippedOrderTopology } from './testing/shippedOrderLog.ts';
import { traceOrder } from './traceOrder.ts';

/** The shipped order's lines, its `Order placed` naming `customerId` as checkout logs it. */
const shippedOrderPlacedBy = (customerId: string) =>
  recordsOfLog(shippedOrderLog).map((line) =>
    line.fields['message'] === 'Order placed'
      ? { ...line, fields: { ...line.fields, customerId } }
      : line,
  );

// Marketing's DLQ as the topology makes it.
const marketingDlq = deadLetterQueues('local').find(
  (dlq) => dlq.name === 'conveyor-local-marketing-audience-dlq',
);

// A valid envelope around invalid data, sent on its own: marketing's failure lines carry its
// message id and correlationId attribute, and name no order.
const failures = [1, 2, 3].map((delivery) =>
  record('marketing', {
    timestamp: `2026-12-06T20:05:4${String(delivery)}.000Z`,
    level: 'ERROR',
    message: 'Invalid event: permanent failure, it goes to the DLQ after the last receive',
    function_name: 'conveyor-marketing-local-onAudienceEvent',
    messageId: 'm-poison',
    receiveCount: delivery,
    correlationId: 'corr-poison',
    eventType: 'order.placed',
    issues: [{ path: '$.data.total', code: 'invalid_type', message: 'expected number' }],
  }),
);

const deadLetter: OrderDeadLetter = {
  queue: marketingDlq!,
  messageId: 'm-poison',
  receiveCount: 4,
  eventType: 'order.placed',
  orderId: 'ord-poison',
  correlationId: 'corr-poison',
  problems: ['$.data.total: expected number'],
};

// Answers with the dead letter when asked for either of its ids, as the real inspector does.
const inspector: QueueInspector = (ids) =>
  Promise.resolve({
    where: 'the local cloud',
    queues: new Map(),
    deadLetters:
      ids.orderIds.includes('ord-poison') || ids.correlationIds.includes('corr-poison')
        ? [deadLetter]
        : [],
    notAllPeeked: [],
  });

describe('traceOrder', () => {
  it.each(['ord-poison', 'corr-poison'])(
    'names the order and the correlation of a poison event found as %s, from its DLQ message',
    async (id) => {
      // Act
      const trace = await traceOrder({
        id,
        source: memoryLogSource(failures),
        topology,
        stage: 'local',
        inspectQueues: inspector,
      });

      // Assess
      expect(trace.orderIds).toEqual(['ord-poison']);
      expect(trace.correlationIds).toEqual(['corr-poison']);
      expect(trace.steps).toHaveLength(3);
    },
  );

  it('reads the subscriptions of the empty queues consumers wait on, once each, and of no other', async () => {
    // Prepare: the order is reserved; shipping has said nothing, and its queue is empty. Every
    // other queue is empty too. Analytics is not running (nothing is expected of it), nor is a
    // queue a team added to topology.json (a new service's, or another of email's), which would
    // otherwise be waited on too.
    const running = new Set(['inventory', 'shipping', 'email', 'marketing']);
    const known = new Set(Object.values(shippedOrderTopology.queues).map((queue) => queue.name));
    const records = recordsOfLog(shippedOrderLog).filter(
      (each) =>
        ['checkout', 'inventory', 'email'].includes(each.service) &&
        each.fields['eventType'] !== 'shipment.created',
    );
    const readings: QueueReading[] = Object.values(topology.queues).map((queue) =>
      running.has(queue.consumer) && known.has(queue.name)
        ? { name: `conveyor-local-${queue.name}`, exists: true, visible: 0, inFlight: 0 }
        : { name: `conveyor-local-${queue.name}`, exists: false },
    );
    const read: string[] = [];
    const held = [
      {
        topic: 'conveyor-local-inventory-events.fifo',
        endingPoint: '2026-12-01T23:00:00.000Z',
        status: 'Completed',
      },
    ];

    // Act
    const trace = await traceOrder({
      id: shippedOrder.orderId,
      source: memoryLogSource(records),
      topology,
      stage: 'local',
      inspectQueues: () =>
        Promise.resolve({
          where: 'the local cloud',
          queues: new Map(readings.map((reading) => [reading.name, reading])),
          deadLetters: [],
          notAllPeeked: [],
        }),
      readHeld: (name) => {
        read.push(name);
        return Promise.resolve(held);
      },
    });

    // Assess
    expect(read).toEqual(['conveyor-local-shipping-requests.fifo']);
    expect(trace.diagnosis.findings).toContainEqual(
      expect.objectContaining({
        kind: 'waiting',
        consumer: 'shipping',
        queue: expect.objectContaining({ name: read[0], held }) as unknown,
      }),
    );
  });

  it("traces a customer's opt-out by the customer's id, and waits for no consumer of it", async () => {
    // Prepare: a registration without marketing consent, mailed by email, then an unsubscribe
    // click, logged as marketing's route logs it. Nothing subscribes to customer.unsubscribed.
    const at = (second: number) => `2026-12-07T09:00:0${String(second)}.000Z`;
    const records = [
      record('checkout', {
        timestamp: at(1),
        message: 'Customer registered',
        customerId: 'cus-7',
        correlationId: 'corr-reg',
        eventId: 'evt-reg',
        route: 'POST /customers',
      }),
      record('email', {
        timestamp: at(2),
        message: 'Event handled',
        function_name: 'conveyor-email-local-onNotificationEvent',
        aggregateId: 'cus-7',
        correlationId: 'corr-reg',
        eventType: 'customer.registered',
        eventId: 'evt-reg',
      }),
      record('marketing', {
        timestamp: at(5),
        message: 'Customer unsubscribed',
        route: 'POST /audience/unsubscribe',
        outcome: 'unsubscribed',
        customerId: 'cus-7',
        aggregateId: 'cus-7',
        correlationId: 'corr-out',
        eventId: 'evt-out',
        published: true,
        attempts: 1,
      }),
    ];

    // Act
    const trace = await traceOrder({
      id: 'cus-7',
      source: memoryLogSource(records),
      topology,
      stage: 'local',
    });

    // Assess
    expect(trace.correlationIds).toEqual(['corr-reg', 'corr-out']);
    expect(trace.steps.map((step) => [step.service, step.published])).toEqual([
      ['checkout', ['evt-reg']],
      ['email', []],
      ['marketing', ['evt-out']],
    ]);
    expect(trace.diagnosis.verdict).toBe('done');
    expect(trace.diagnosis.findings).toEqual([]);
  });

  it("lists the orders a customer placed, without following them into the customer's trace", async () => {
    // Prepare: a registration, then an order of that customer, shipped.
    const registration = [
      record('checkout', {
        timestamp: '2026-12-07T08:59:00.000Z',
        message: 'Customer registered',
        customerId: 'cus-0001',
        aggregateId: 'cus-0001',
        correlationId: 'corr-reg',
        eventId: 'evt-reg',
        route: 'POST /customers',
      }),
    ];
    const orderLines = shippedOrderPlacedBy('cus-0001');

    // Act
    const trace = await traceOrder({
      id: 'cus-0001',
      source: memoryLogSource([...registration, ...orderLines]),
      topology,
      stage: 'local',
    });

    // Assess
    expect(trace.customerOrders).toEqual([
      { orderId: shippedOrder.orderId, placedAt: new Date('2026-12-01T23:26:54.801Z') },
    ]);
    expect(trace.steps.map((step) => step.service)).toEqual(['checkout']);
    expect(trace.orderIds).toEqual(['cus-0001']);
  });

  it('traces a customer who only placed orders to the list of them, where it found nothing before', async () => {
    // Prepare: the order's lines alone; the customer never registered.
    const orderLines = shippedOrderPlacedBy('cus-0002');

    // Act
    const trace = await traceOrder({
      id: 'cus-0002',
      source: memoryLogSource(orderLines),
      topology,
      stage: 'local',
    });

    // Assess
    expect(trace.steps).toEqual([]);
    expect(trace.customerOrders?.map((order) => order.orderId)).toEqual([shippedOrder.orderId]);
  });

  it('has no list of orders for an order id', async () => {
    // Prepare
    const orderLines = shippedOrderPlacedBy('cus-0003');

    // Act
    const trace = await traceOrder({
      id: shippedOrder.orderId,
      source: memoryLogSource(orderLines),
      topology,
      stage: 'local',
    });

    // Assess
    expect(trace).not.toHaveProperty('customerOrders');
    expect(trace.steps.length).toBeGreaterThan(1);
  });

  it('lists no orders for an order id that a customer id happens to equal', async () => {
    // Prepare: order "dup-1", and another order placed by a customer whose id is also "dup-1".
    const records = [
      record('checkout', {
        timestamp: '2026-12-07T09:00:01.000Z',
        message: 'Order placed',
        orderId: 'dup-1',
        customerId: 'cus-9',
        correlationId: 'corr-a',
      }),
      record('checkout', {
        timestamp: '2026-12-07T09:00:02.000Z',
        message: 'Order placed',
        orderId: 'ord-2',
        customerId: 'dup-1',
        correlationId: 'corr-b',
      }),
    ];

    // Act
    const trace = await traceOrder({
      id: 'dup-1',
      source: memoryLogSource(records),
      topology,
      stage: 'local',
    });

    // Assess
    expect(trace).not.toHaveProperty('customerOrders');
    expect(trace.orderIds).toEqual(['dup-1']);
  });
});
