// order.placed through the real local broker (checkout's topic → inventory-orders.fifo →
// onOrderPlaced under serverless-offline) and what inventory publishes on its own topic.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type ConveyorEvent, parseEvent } from '@conveyor/event-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getStock,
  names,
  type OutcomeWatch,
  publishOrderPlaced,
  putStock,
  testClients,
  uniqueSku,
  watchOutcomes,
} from './support/inventoryTestContext.ts';
import { orderPlaced } from './support/orderPlaced.ts';

const clients = testClients();
let outcomes: OutcomeWatch;

beforeAll(async () => {
  outcomes = await watchOutcomes(clients);
});

afterAll(() => {
  clients.destroy();
});

const stockOf = async (sku: string) => (await getStock(sku)).json;

/**
 * Publishes an order for a fresh SKU in `orderId`'s message group and waits for its outcome:
 * FIFO order within the group means everything published before it in that group is handled.
 */
const drainGroup = async (orderId: string): Promise<void> => {
  const sku = uniqueSku('BARRIER');
  await putStock(sku, 1);
  const barrier = orderPlaced([[sku, 1]]);
  await publishOrderPlaced(clients, barrier, { groupId: orderId });
  await outcomes.waitForOutcomes([barrier.aggregateId]);
};

describe('onOrderPlaced', () => {
  it('reserves every line, moves the stock and publishes inventory.reserved', async () => {
    // Prepare
    const [shirt, mug] = [uniqueSku('SHIRT'), uniqueSku('MUG')];
    await putStock(shirt, 10);
    await putStock(mug, 5);
    const placed = orderPlaced([
      [shirt, 2],
      [mug, 1],
    ]);

    // Act
    await publishOrderPlaced(clients, placed);
    const [outcome] = await outcomes.waitForOutcomes([placed.aggregateId]);

    // Assess
    expect(parseEvent(outcome).success).toBe(true);
    expect(outcome).toMatchObject({
      eventType: 'inventory.reserved',
      source: 'inventory',
      aggregateId: placed.aggregateId,
      metadata: { correlationId: placed.metadata.correlationId, causationId: placed.eventId },
      data: {
        customer: placed.data.customer,
        shippingAddress: placed.data.shippingAddress,
        total: placed.data.total,
        currency: placed.data.currency,
        lines: [
          { sku: shirt, quantity: 2 },
          { sku: mug, quantity: 1 },
        ],
      },
    });
    expect(await stockOf(shirt)).toEqual({ sku: shirt, onHand: 10, reserved: 2, available: 8 });
    expect(await stockOf(mug)).toEqual({ sku: mug, onHand: 5, reserved: 1, available: 4 });
  });

  it('publishes inventory.reservation-failed with the shortfall and leaves the stock as it was', async () => {
    // Prepare
    const [sneaker, mug] = [uniqueSku('SNEAKER'), uniqueSku('MUG')];
    await putStock(sneaker, 3);
    await putStock(mug, 5);
    const placed = orderPlaced([
      [mug, 1],
      [sneaker, 4],
    ]);

    // Act
    await publishOrderPlaced(clients, placed);
    const [outcome] = await outcomes.waitForOutcomes([placed.aggregateId]);

    // Assess
    expect(outcome).toMatchObject({
      eventType: 'inventory.reservation-failed',
      aggregateId: placed.aggregateId,
      metadata: { correlationId: placed.metadata.correlationId, causationId: placed.eventId },
      data: {
        customer: placed.data.customer,
        shortfalls: [{ sku: sneaker, name: `Item ${sneaker}`, requested: 4, available: 3 }],
      },
    });
    expect(await stockOf(sneaker)).toEqual({ sku: sneaker, onHand: 3, reserved: 0, available: 3 });
    expect(await stockOf(mug)).toEqual({ sku: mug, onHand: 5, reserved: 0, available: 5 });
  });

  it('reserves once and publishes one outcome when order.placed is delivered twice', async () => {
    // Prepare
    const sku = uniqueSku('DUP');
    await putStock(sku, 10);
    const placed = orderPlaced([[sku, 3]]);

    // Act: two copies SNS will not deduplicate, then a barrier behind them in the same group.
    await publishOrderPlaced(clients, placed, { deduplicationId: `${placed.eventId}-1` });
    await publishOrderPlaced(clients, placed, { deduplicationId: `${placed.eventId}-2` });
    await drainGroup(placed.aggregateId);

    // Assess
    const seen = await outcomes.outcomesOf([placed.aggregateId]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.eventType).toBe('inventory.reserved');
    expect(await stockOf(sku)).toEqual({ sku, onHand: 10, reserved: 3, available: 7 });
  });

  it('keeps the decision when a later order.placed for a decided order arrives', async () => {
    // Prepare: the order fails, then stock arrives, then a later copy (new eventId) comes in.
    const sku = uniqueSku('LATE');
    await putStock(sku, 1);
    const placed = orderPlaced([[sku, 2]]);
    await publishOrderPlaced(clients, placed);
    const [first] = await outcomes.waitForOutcomes([placed.aggregateId]);
    await putStock(sku, 10);
    const later = orderPlaced([[sku, 2]], placed.aggregateId);

    // Act
    await publishOrderPlaced(clients, later);
    await publishOrderPlaced(clients, placed, { deduplicationId: `${placed.eventId}-again` });
    await drainGroup(placed.aggregateId);

    // Assess: any republish carries the first outcome's eventId, and no stock moved.
    expect(first?.eventType).toBe('inventory.reservation-failed');
    const seen = await outcomes.outcomesOf([placed.aggregateId]);
    expect(new Set(seen.map((event) => event.eventId))).toEqual(new Set([first?.eventId]));
    expect(await stockOf(sku)).toEqual({ sku, onHand: 10, reserved: 0, available: 10 });
    const stored = await clients.documents.send(
      new GetCommand({ TableName: names.reservationsTable, Key: { orderId: placed.aggregateId } }),
    );
    expect(stored.Item).toMatchObject({ state: 'FAILED', outcomeEventId: first?.eventId });
  });

  it('reserves exactly 5 of 20 concurrent orders for 5 units, never going below zero', async () => {
    // Prepare
    const sku = uniqueSku('RACE');
    await putStock(sku, 5);
    const orders = Array.from({ length: 20 }, () => orderPlaced([[sku, 1]]));
    const orderIds = orders.map((order) => order.aggregateId);
    const samples: { reserved: number; available: number }[] = [];
    const done = new AbortController();
    const sampler = (async () => {
      while (!done.signal.aborted) {
        const level = (await stockOf(sku)) as { reserved: number; available: number };
        samples.push(level);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();

    // Act
    await Promise.all(orders.map(async (order) => publishOrderPlaced(clients, order)));
    const results = await outcomes.waitForOutcomes(orderIds);
    done.abort();
    await sampler;

    // Assess
    const byType = (type: ConveyorEvent['eventType']) =>
      results.filter((event) => event.eventType === type);
    expect(byType('inventory.reserved')).toHaveLength(5);
    expect(byType('inventory.reservation-failed')).toHaveLength(15);
    for (const failed of byType('inventory.reservation-failed')) {
      expect(failed.data).toMatchObject({ shortfalls: [{ sku, requested: 1, available: 0 }] });
    }
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) {
      expect(sample.available).toBeGreaterThanOrEqual(0);
      expect(sample.reserved + sample.available).toBe(5);
    }
    expect(await stockOf(sku)).toEqual({ sku, onHand: 5, reserved: 5, available: 0 });
    const item = await clients.documents.send(
      new GetCommand({ TableName: names.stockTable, Key: { sku }, ConsistentRead: true }),
    );
    const reservedIds = byType('inventory.reserved').map((event) => event.aggregateId);
    expect(item.Item?.['holds']).toEqual(Object.fromEntries(reservedIds.map((id) => [id, 1])));
    expect(await outcomes.outcomesOf(orderIds)).toHaveLength(20);
  });
});
