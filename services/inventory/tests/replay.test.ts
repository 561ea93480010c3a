// Replays of inventory's two queues from their topics' archives, through the real local cloud:
// an order.placed or shipment.created inventory has already handled comes again (as
// `npm run replay` sends it) and moves no stock twice: no second hold, no second on-hand
// decrement, no second outcome event, nothing in a DLQ; while its eventId is remembered, and
// after that record has expired (a replay from far back reaches the domain again).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  archiveTopicsOfQueue,
  expireIdempotencyRecord,
  queueDepth,
  replayToQueue,
  timesHandled,
  waitForDrained,
  waitForTimesHandled,
} from '@conveyor/service-testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  names,
  type OutcomeWatch,
  queueUrl,
  testClients,
  watchOutcomes,
} from './support/inventoryTestContext.ts';
import { shipmentCreated } from './support/shipmentCreated.ts';
import {
  publishShipmentCreated,
  reservedOrder,
  shipmentNames,
  waitForOnHandBelow,
} from './support/shipmentsTestContext.ts';

const clients = testClients();
const IDEMPOTENCY_TABLE = 'conveyor-local-inventory-idempotency';
let outcomes: OutcomeWatch;

beforeAll(async () => {
  outcomes = await watchOutcomes(clients);
  // This test cloud creates checkout's and shipping's topics bare; their own stacks archive them.
  await archiveTopicsOfQueue(clients, names.ordersQueue);
  await archiveTopicsOfQueue(clients, shipmentNames.shipmentsQueue);
});

afterAll(() => {
  clients.destroy();
});

/** The SKU's stock item (holds included) and the order's reservation, as stored now. */
const stored = async (sku: string, orderId: string) => {
  const read = async (TableName: string, Key: Record<string, string>) =>
    (await clients.documents.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item;
  return {
    stock: await read(names.stockTable, { sku }),
    reservation: await read(names.reservationsTable, { orderId }),
  };
};

/** The depths of both DLQs. */
const deadLetters = async () => ({
  orders: await queueDepth(clients, await queueUrl(clients, names.ordersDlq)),
  shipments: await queueDepth(clients, await queueUrl(clients, shipmentNames.shipmentsDlq)),
});

/** A fresh SKU of 10 units, 3 of them reserved for a new order, then shipped. */
const shippedOrder = async (prefix: string) => {
  const order = await reservedOrder(clients, outcomes, { prefix, onHand: 10, units: 3 });
  const shipped = shipmentCreated(order.orderId);
  await publishShipmentCreated(clients, shipped);
  await waitForOnHandBelow(order.sku, 10);
  return { ...order, shipped };
};

/**
 * Replays `queue` from `from`, once the first delivery of `eventId` was handled, and waits until
 * inventory has handled the replayed copy; returns how often it handled the event.
 */
const replayAndWaitForHandled = async (queue: string, from: Date, eventId: string) => {
  const outputUrl = inject('inventoryOutputUrl');
  const url = await queueUrl(clients, queue);
  await waitForDrained(clients, url);
  const before = await waitForTimesHandled(outputUrl, { [eventId]: 1 });
  await replayToQueue(clients, queue, from);
  await waitForTimesHandled(outputUrl, { [eventId]: (before[eventId] ?? 0) + 1 });
  await waitForDrained(clients, url);
  const after = await timesHandled(outputUrl, [eventId]);
  return { before: before[eventId] ?? 0, after: after[eventId] ?? 0 };
};

describe('a replay of inventory-orders.fifo', () => {
  it('holds no stock twice while the eventId is remembered', async () => {
    // Prepare
    const from = new Date();
    const dlqs = await deadLetters();

    // Act
    const { sku, placed, orderId } = await reservedOrder(clients, outcomes, {
      prefix: 'REPLAY-HOLD',
      onHand: 10,
      units: 3,
    });
    const [outcome] = await outcomes.outcomesOf([orderId]);
    const before = await stored(sku, orderId);
    const handled = await replayAndWaitForHandled(names.ordersQueue, from, placed.eventId);

    // Assess
    expect(handled.after).toBe(handled.before + 1);
    expect(before.stock).toMatchObject({ onHand: 10, reserved: 3, available: 7 });
    expect(await stored(sku, orderId)).toEqual(before);
    expect(await outcomes.outcomesOf([orderId])).toEqual([outcome]);
    expect(await deadLetters()).toEqual(dlqs);
  });

  it('holds nothing again for a shipped order once the eventId is forgotten', async () => {
    // Prepare
    const from = new Date();
    const dlqs = await deadLetters();

    // Act
    const { sku, placed, orderId } = await shippedOrder('REPLAY-SHIPPED');
    const [outcome] = await outcomes.outcomesOf([orderId]);
    const before = await stored(sku, orderId);
    await expireIdempotencyRecord(clients, {
      tableName: IDEMPOTENCY_TABLE,
      keyPrefix: 'inventory.onOrderPlaced',
      eventId: placed.eventId,
    });
    const handled = await replayAndWaitForHandled(names.ordersQueue, from, placed.eventId);

    // Assess: the decided reservation holds nothing; at most its stored outcome is published
    // again, with its eventId, which SNS and the consumers drop.
    expect(handled.after).toBe(handled.before + 1);
    expect(before.stock).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
    expect(await stored(sku, orderId)).toEqual(before);
    const published = await outcomes.outcomesOf([orderId]);
    expect(published.map((event) => event.eventId)).toEqual(published.map(() => outcome?.eventId));
    expect(await deadLetters()).toEqual(dlqs);
  });
});

describe('a replay of inventory-shipments.fifo', () => {
  it('takes nothing off on-hand twice while the eventId is remembered', async () => {
    // Prepare
    const from = new Date();
    const dlqs = await deadLetters();

    // Act
    const { sku, orderId, shipped } = await shippedOrder('REPLAY-SHIP');
    const before = await stored(sku, orderId);
    const handled = await replayAndWaitForHandled(
      shipmentNames.shipmentsQueue,
      from,
      shipped.eventId,
    );

    // Assess
    expect(handled.after).toBe(handled.before + 1);
    expect(before.stock).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
    expect(await stored(sku, orderId)).toEqual(before);
    expect(await deadLetters()).toEqual(dlqs);
  });

  it('takes nothing off on-hand twice once the eventId is forgotten: the hold is gone', async () => {
    // Prepare
    const from = new Date();
    const dlqs = await deadLetters();

    // Act
    const { sku, orderId, shipped } = await shippedOrder('REPLAY-SHIP-LATE');
    const before = await stored(sku, orderId);
    await expireIdempotencyRecord(clients, {
      tableName: IDEMPOTENCY_TABLE,
      keyPrefix: 'inventory.onShipmentCreated',
      eventId: shipped.eventId,
    });
    const handled = await replayAndWaitForHandled(
      shipmentNames.shipmentsQueue,
      from,
      shipped.eventId,
    );

    // Assess
    expect(handled.after).toBe(handled.before + 1);
    expect(before.stock).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
    expect(await stored(sku, orderId)).toEqual(before);
    expect(await deadLetters()).toEqual(dlqs);
  });
});
