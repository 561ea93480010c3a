// A checkout whose first attempt stalls (and passes its timeout), retried with the same
// Idempotency-Key, ends with exactly one order. The stall is real: a proxy holds one of the first
// attempt's requests to the local cloud until the retry has been answered. No record of the key
// makes the retry wait: it runs at once, and the order table's conditional put makes both attempts
// converge, whichever of their writes lands first. The assertions hold whether offline stops the
// timed-out attempt or lets it run on once its request is released.
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tapTopic, waitFor } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import { getOrder, postCheckout, testContext, validRequest } from './support/checkoutApi.ts';
import { holdRequests, holdStatus, releaseHeldRequests } from './support/faults.ts';
import type { HoldRule } from './support/holdingProxies.ts';

const { clients } = testContext();
const ORDERS_TABLE = 'conveyor-local-checkout-orders';

const ordersOf = async (customerId: string): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await clients.documents.send(
      new ScanCommand({ TableName: ORDERS_TABLE, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items.filter(
    (item) =>
      (item as { placedEvent?: { data?: { customer?: { customerId?: string } } } }).placedEvent
        ?.data?.customer?.customerId === customerId,
  );
};

/**
 * Sends the first attempt with `hold` in force, gives up on it once its request is held (as a
 * client whose timeout passed), then retries with the same key. Finally releases the held
 * request and waits until the local cloud has answered it.
 */
const checkoutWithStalledFirstAttempt = async (hold: (customerId: string) => HoldRule) => {
  const customerId = `cus-${randomUUID()}`;
  const body = validRequest({
    customer: { id: customerId, email: 'grace.hopper@example.com', name: 'Grace Hopper' },
  });
  const headers = { 'content-type': 'application/json', 'idempotency-key': randomUUID() };
  await holdRequests(hold(customerId));
  const giveUp = new AbortController();
  const first = postCheckout(body, headers, giveUp.signal).catch(() => undefined);
  await waitFor(async () => ((await holdStatus()).held > 0 ? true : undefined), {
    description: "the first attempt's request held",
  });
  giveUp.abort();
  await first;
  const retried = await postCheckout(body, headers);
  await releaseHeldRequests();
  await waitFor(async () => ((await holdStatus()).answered > 0 ? true : undefined), {
    description: "the first attempt's released request answered",
  });
  return { customerId, retried };
};

describe('POST /checkout retried while the first attempt is stalled', () => {
  it('places one order when the first attempt stalls storing it and stores it after the retry', async () => {
    // Prepare
    const storeOrder = (customerId: string): HoldRule => ({
      upstream: 'dynamodb',
      contains: ['DynamoDB_20120810.PutItem', ORDERS_TABLE, customerId],
      count: 1,
    });

    // Act
    const { customerId, retried } = await checkoutWithStalledFirstAttempt(storeOrder);

    // Assess
    expect(retried.status).toBe(201);
    const { orderId } = retried.json as { orderId: string };
    const orders = await ordersOf(customerId);
    expect(orders.map((order) => order.orderId)).toEqual([orderId]);
    expect((await getOrder(orderId)).status).toBe(200);
  });

  it('places one order, and publishes it, when the first attempt stored it and stalls publishing', async () => {
    // Prepare
    const orderEvents = await tapTopic(clients, 'conveyor-local-order-events.fifo');
    const publishOrder = (customerId: string): HoldRule => ({
      upstream: 'fauxqs',
      contains: ['Action=Publish', customerId],
      count: 1,
    });

    // Act
    const { customerId, retried } = await checkoutWithStalledFirstAttempt(publishOrder);

    // Assess
    expect(retried.status).toBe(201);
    const { orderId } = retried.json as { orderId: string };
    const orders = await ordersOf(customerId);
    expect(orders.map((order) => order.orderId)).toEqual([orderId]);
    expect(orders[0]).not.toHaveProperty('publishState');
    const eventId = (orders[0] as { placedEvent: { eventId: string } }).placedEvent.eventId;
    const events = await waitFor(
      async () => {
        const drained = (await orderEvents.drain()) as { aggregateId: string; eventId: string }[];
        const mine = drained.filter((event) => event.aggregateId === orderId);
        return mine.length > 0 ? mine : undefined;
      },
      { description: 'order.placed of the order' },
    );
    // The first attempt's publish, released later, carries the same eventId: SNS and consumers drop it.
    expect(new Set(events.map((event) => event.eventId))).toEqual(new Set([eventId]));
    await orderEvents.close();
  });
});
