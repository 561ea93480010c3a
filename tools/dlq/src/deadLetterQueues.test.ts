import { describe, expect, it } from 'vitest';
import { deadLetterQueues, findDeadLetterQueue } from './deadLetterQueues.ts';
import { UnknownQueueError, UsageError } from './errors.ts';

describe('deadLetterQueues', () => {
  it('lists every DLQ the topology plugin builds, named for the stage', () => {
    // Act
    const queues = deadLetterQueues('dev');

    // Assess: today's, in the topology's order; a queue a team adds comes after them.
    expect(queues.map((queue) => queue.name).slice(0, 9)).toEqual([
      'conveyor-dev-inventory-orders-dlq.fifo',
      'conveyor-dev-inventory-shipments-dlq.fifo',
      'conveyor-dev-email-notifications-dlq.fifo',
      'conveyor-dev-marketing-audience-dlq',
      'conveyor-dev-marketing-audience-delivery-dlq.fifo',
      'conveyor-dev-shipping-requests-dlq.fifo',
      'conveyor-dev-checkout-order-status-dlq.fifo',
      'conveyor-dev-analytics-order-flow-dlq',
      'conveyor-dev-analytics-order-flow-delivery-dlq.fifo',
    ]);
    expect(queues[0]).toMatchObject({
      key: 'inventoryOrders',
      consumer: 'inventory',
      fifo: true,
      sourceFifo: true,
      source: 'queue',
      sourceName: 'conveyor-dev-inventory-orders.fifo',
    });
  });

  it("includes the FIFO delivery DLQ of marketing's standard queue on a FIFO topic", () => {
    // Act
    const delivery = deadLetterQueues('dev').find((queue) => queue.source === 'subscriptions');

    // Assess
    expect(delivery).toEqual({
      key: 'marketingAudience',
      consumer: 'marketing',
      fifo: true,
      sourceFifo: false,
      source: 'subscriptions',
      stage: 'dev',
      name: 'conveyor-dev-marketing-audience-delivery-dlq.fifo',
      sourceName: 'conveyor-dev-marketing-audience',
    });
  });

  it('rejects a stage the services could not be named with', () => {
    // Act
    const act = () => deadLetterQueues('Prod_1');

    // Assess
    expect(act).toThrow(UsageError);
  });
});

describe('findDeadLetterQueue', () => {
  it.each([
    'inventory-orders',
    'inventory-orders.fifo',
    'inventory-orders-dlq',
    'inventory-orders-dlq.fifo',
    'conveyor-prod-inventory-orders-dlq.fifo',
    'conveyor-prod-inventory-orders.fifo',
    'inventoryOrders',
  ])('finds the inventory DLQ from "%s"', (name) => {
    // Act
    const queue = findDeadLetterQueue('prod', name);

    // Assess
    expect(queue.name).toBe('conveyor-prod-inventory-orders-dlq.fifo');
  });

  it('finds a standard queue DLQ', () => {
    // Act
    const queue = findDeadLetterQueue('dev', 'marketing-audience');

    // Assess
    expect(queue).toMatchObject({ name: 'conveyor-dev-marketing-audience-dlq', fifo: false });
  });

  it("takes a queue key for the queue's own DLQ, not its delivery DLQ", () => {
    // Act
    const queue = findDeadLetterQueue('dev', 'marketingAudience');

    // Assess
    expect(queue.name).toBe('conveyor-dev-marketing-audience-dlq');
  });

  it("takes a service with one queue for that queue's own DLQ, and refuses one with several", () => {
    // Prepare: from the topology, so a queue a team adds to a service does not break it.
    const byConsumer = Map.groupBy(deadLetterQueues('dev'), (queue) => queue.consumer);
    const withDelivery = [...byConsumer].find(
      ([, queues]) =>
        new Set(queues.map((queue) => queue.key)).size === 1 &&
        queues.some((queue) => queue.source === 'subscriptions'),
    );
    const several = [...byConsumer].find(
      ([, queues]) => new Set(queues.map((queue) => queue.key)).size > 1,
    );
    if (withDelivery === undefined || several === undefined) {
      throw new Error(
        'the topology has no service with one queue and a delivery DLQ, or none with several queues',
      );
    }
    const [service, queues] = withDelivery;

    // Act
    const queue = findDeadLetterQueue('dev', service);
    const ambiguous = () => findDeadLetterQueue('dev', several[0]);

    // Assess
    expect(queue.name).toBe(queues.find((dlq) => dlq.source === 'queue')?.name);
    expect(ambiguous).toThrow(UnknownQueueError);
  });

  it.each([
    'marketing-audience-delivery-dlq',
    'marketing-audience-delivery-dlq.fifo',
    'conveyor-dev-marketing-audience-delivery-dlq.fifo',
  ])('finds the delivery DLQ by its name "%s"', (name) => {
    // Act
    const queue = findDeadLetterQueue('dev', name);

    // Assess
    expect(queue).toMatchObject({
      name: 'conveyor-dev-marketing-audience-delivery-dlq.fifo',
      source: 'subscriptions',
    });
  });

  it('names the known DLQs when nothing matches', () => {
    // Act
    const act = () => findDeadLetterQueue('dev', 'orders');

    // Assess
    expect(act).toThrow(UnknownQueueError);
    expect(act).toThrow(
      /Known DLQs: inventory-orders-dlq\.fifo, inventory-shipments-dlq\.fifo, email-notifications-dlq\.fifo/,
    );
  });

  it('asks for a queue name when a service has several DLQs', () => {
    // Act
    const act = () => findDeadLetterQueue('prod', 'inventory');

    // Assess
    expect(act).toThrow(UnknownQueueError);
    expect(act).toThrow(
      '"inventory" matches several DLQs (conveyor-prod-inventory-orders-dlq.fifo, conveyor-prod-inventory-shipments-dlq.fifo); use a queue name.',
    );
  });

  it('refuses a full name of another stage', () => {
    // Act
    const act = () => findDeadLetterQueue('dev', 'conveyor-prod-inventory-orders-dlq.fifo');

    // Assess
    expect(act).toThrow(/not a queue of stage "dev"/);
  });
});
