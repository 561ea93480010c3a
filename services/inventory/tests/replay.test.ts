// Replays of inventory's two queues from their topics' archives, through the real local cloud:
// an order.placed or shipment.created inventory has already handled comes again (as
// `npm run replay` sends it) and moves no stock twice: no second hold, no second on-hand
// decrement, no outcome event but the stored one, nothing in a DLQ. No eventId record answers
// for the consumers: every replayed copy reaches the domain, and the business items (the holds,
// the decided reservation, the recorded shipment) are what stop it.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  archiveTopicsOfQueue,
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
  publishOrderPlaced,
  putStock,
  queueUrl,
  testClients,
  uniqueSku,
  watchOutcomes,
} from './support/inventoryTestContext.ts';
import { orderPlaced } from './support/orderPlaced.ts';
import { shipmentCreated } from './support/shipmentCreated.ts';
import {
  drainShipmentGroup,
  publishShipmentCreated,
  reservedOrder,
  serviceLogs,
  shipmentNames,
  waitForOnHandBelow,
} from './support/shipmentsTestContext.ts';

const clients = testClients();
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

/** What the consumers logged about `eventId`'s stock, one entry per handling, oldest first. */
const stockLogsOf = async (eventId: string) =>
  (await serviceLogs())
    .filter((line) => line['eventId'] === eventId && Object.hasOwn(line, 'replayed'))
    .map(({ message, replayed, shippedNow }) => ({ message, replayed, shippedNow }));

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
  it('holds no stock twice for a reserved order, and republishes only its stored outcome', async () => {
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

    // Assess: the replayed copy reached the domain, found the order decided and held nothing;
    // at most it published the stored outcome again, with its eventId, which SNS and the
    // consumers drop.
    expect(handled.after).toBe(handled.before + 1);
    expect(before.stock).toMatchObject({ onHand: 10, reserved: 3, available: 7 });
    expect(before.reservation).toMatchObject({
      state: 'RESERVED',
      outcomeEventId: outcome?.eventId,
    });
    expect(await stored(sku, orderId)).toEqual(before);
    const published = await outcomes.outcomesOf([orderId]);
    expect(published.map((event) => event.eventId)).toEqual(published.map(() => outcome?.eventId));
    expect((await stockLogsOf(placed.eventId)).at(-1)).toEqual({
      message: 'Order reserved',
      replayed: true,
      shippedNow: [],
    });
    expect(await deadLetters()).toEqual(dlqs);
  });

  it('holds nothing again for a shipped order', async () => {
    // Prepare
    const from = new Date();
    const dlqs = await deadLetters();

    // Act
    const { sku, placed, orderId } = await shippedOrder('REPLAY-SHIPPED');
    const [outcome] = await outcomes.outcomesOf([orderId]);
    const before = await stored(sku, orderId);
    const handled = await replayAndWaitForHandled(names.ordersQueue, from, placed.eventId);

    // Assess: the decided reservation holds nothing; at most its stored outcome is published
    // again, with its eventId, which SNS and the consumers drop.
    expect(handled.after).toBe(handled.before + 1);
    expect(before.stock).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
    expect(await stored(sku, orderId)).toEqual(before);
    const published = await outcomes.outcomesOf([orderId]);
    expect(published.map((event) => event.eventId)).toEqual(published.map(() => outcome?.eventId));
    expect((await stockLogsOf(placed.eventId)).at(-1)).toEqual({
      message: 'Order reserved',
      replayed: true,
      shippedNow: [],
    });
    expect(await deadLetters()).toEqual(dlqs);
  });
});

describe('a replay of inventory-shipments.fifo', () => {
  it('takes nothing off on-hand twice: the hold is gone', async () => {
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

    // Assess: the replayed copy reached the domain, found the shipment recorded and no hold.
    expect(handled.after).toBe(handled.before + 1);
    expect(before.stock).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
    expect(await stored(sku, orderId)).toEqual(before);
    const logs = await stockLogsOf(shipped.eventId);
    expect(logs.flatMap(({ shippedNow }) => shippedNow as unknown[])).toEqual([
      { sku, quantity: 3 },
    ]);
    expect(logs.at(-1)).toEqual({
      message: 'Shipped stock already taken off on-hand: nothing taken off now',
      replayed: true,
      shippedNow: [],
    });
    expect(await deadLetters()).toEqual(dlqs);
  });

  it('takes nothing off on-hand twice for a shipment that came before its order', async () => {
    // Prepare
    const from = new Date();
    const dlqs = await deadLetters();
    const sku = uniqueSku('REPLAY-SHIP-EARLY');
    await putStock(sku, 10);
    const placed = orderPlaced([[sku, 3]]);
    const orderId = placed.aggregateId;
    const shipped = shipmentCreated(orderId);

    // Act: the shipment first, then the order, which ships its holds at once; then the replay.
    await publishShipmentCreated(clients, shipped);
    await drainShipmentGroup(clients, outcomes, orderId);
    await publishOrderPlaced(clients, placed);
    await outcomes.waitForOutcomes([orderId]);
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
    const logs = await stockLogsOf(shipped.eventId);
    expect(logs[0]).toEqual({
      message: 'Shipment recorded before the reservation, which will take the stock off',
      replayed: false,
      shippedNow: [],
    });
    expect(logs.flatMap(({ shippedNow }) => shippedNow as unknown[])).toEqual([]);
    expect(logs.at(-1)).toEqual({
      message: 'Shipped stock already taken off on-hand: nothing taken off now',
      replayed: true,
      shippedNow: [],
    });
    expect(await deadLetters()).toEqual(dlqs);
  });
});
