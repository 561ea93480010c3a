// Timeout: a proxy holds onOrderPlaced's publish of its outcome, so the handler passes its timeout
// and its worker is stopped, as Lambda stops it. The record is retried and lands in the DLQ after
// 3 receives; the stock is held once (each retry finds the order's hold and its decided
// reservation), and the three publishes, released late as requests already on the wire would
// arrive, carry the same stored event with the same deduplication id, so one inventory.reserved
// reaches the topic's FIFO queues.
import {
  holdingProxiesClient,
  markServiceOutput,
  stoppedWorkers,
  waitFor,
  waitForMessage,
} from '@conveyor/service-testing';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import {
  getStock,
  names,
  publishOrderPlaced,
  putStock,
  queueUrl,
  testClients,
  uniqueSku,
  watchOutcomes,
} from './support/inventoryTestContext.ts';
import { orderPlaced } from './support/orderPlaced.ts';

const clients = testClients();
const faults = () => holdingProxiesClient(inject('inventoryFaultsUrl'));

afterEach(async () => {
  await faults().releaseHeldRequests();
});

afterAll(() => {
  clients.destroy();
});

describe('onOrderPlaced past its timeout', () => {
  it('is stopped, retried and dead-lettered after 3 receives, and reserves and announces once', async () => {
    // Prepare
    const outcomes = await watchOutcomes(clients);
    const dlqUrl = await queueUrl(clients, names.ordersDlq);
    const sku = uniqueSku('HELD-PUBLISH');
    await putStock(sku, 5);
    const order = orderPlaced([[sku, 2]]);
    const output = await markServiceOutput(inject('inventoryOutputUrl'));
    await faults().holdRequests({
      upstream: 'fauxqs',
      contains: ['Action=Publish', order.aggregateId],
      count: 3,
    });

    // Act
    await publishOrderPlaced(clients, order);
    const dead = await waitForMessage(
      clients,
      dlqUrl,
      (message) => message.Body?.includes(order.eventId) === true,
      { description: `order.placed ${order.eventId} in the DLQ`, visibilityTimeout: 0 },
    );
    const held = await faults().holdStatus();
    const stockWhileHeld = (await getStock(sku)).json;
    const outcomesWhileHeld = await outcomes.outcomesOf([order.aggregateId]);
    await faults().releaseHeldRequests();
    // Fauxqs delivers a publish to the subscribed queues before it answers, so once the three
    // are answered every copy they made is in the tap.
    await waitFor(async () => ((await faults().holdStatus()).answered >= 3 ? true : undefined), {
      description: 'the three held publishes answered',
    });

    // Assess
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(held.held).toBe(3);
    expect(stoppedWorkers(await output.since(), 'onOrderPlaced')).toBeGreaterThanOrEqual(3);
    expect(stockWhileHeld).toEqual({ sku, onHand: 5, reserved: 2, available: 3 });
    expect(outcomesWhileHeld).toEqual([]);
    const announced = await outcomes.outcomesOf([order.aggregateId]);
    expect(announced.map(({ eventType, metadata }) => [eventType, metadata.causationId])).toEqual([
      ['inventory.reserved', order.eventId],
    ]);
    expect((await getStock(sku)).json).toEqual({ sku, onHand: 5, reserved: 2, available: 3 });
  });
});
