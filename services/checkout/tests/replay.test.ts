// Replays of checkout-order-status.fifo from the inventory and shipping topics' archives, through
// the real local cloud: the inventory.reserved and shipment.created checkout has already applied
// come again (as `npm run replay` sends them) and change no order: no status change, no timeline
// entry, nothing in the DLQ; while their eventIds are remembered, and after those records have
// expired (a replay from far back reaches the domain again).
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { buildEvent, type ConveyorEvent, exampleEventData } from '@conveyor/event-types';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import {
  archiveTopicsOfQueue,
  expireIdempotencyRecord,
  queueDepth,
  replayToQueue,
  timesHandled,
  waitFor,
  waitForDrained,
  waitForTimesHandled,
} from '@conveyor/service-testing';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { getOrder, postCheckout, testContext, validRequest } from './support/checkoutApi.ts';

const { clients, topicArn } = testContext();
const STATUS_QUEUE = 'conveyor-local-checkout-order-status.fifo';
const STATUS_DLQ = 'conveyor-local-checkout-order-status-dlq.fifo';
const ORDERS_TABLE = 'conveyor-local-checkout-orders';
const IDEMPOTENCY_TABLE = 'conveyor-local-checkout-idempotency';

beforeAll(async () => {
  // This test cloud creates inventory's and shipping's topics bare; their own stacks archive them.
  await archiveTopicsOfQueue(clients, STATUS_QUEUE);
});

const urlOf = async (queueName: string): Promise<string> => {
  const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  if (QueueUrl === undefined) throw new Error(`no URL for ${queueName}`);
  return QueueUrl;
};

const placeOrder = async (): Promise<string> => {
  const response = await postCheckout(validRequest());
  expect(response.status).toBe(201);
  return (response.json as { orderId: string }).orderId;
};

const publish = async (event: ConveyorEvent) => {
  const topic =
    event.eventType === 'shipment.created' ? 'shipping-events.fifo' : 'inventory-events.fifo';
  await clients.sns.send(
    new PublishCommand({
      ...toPublishInput(topicArn(topic), event),
      MessageDeduplicationId: event.eventId,
    }),
  );
};

const progress = (orderId: string) => ({
  reserved: buildEvent({
    eventType: 'inventory.reserved',
    version: 1,
    aggregateId: orderId,
    data: exampleEventData['inventory.reserved'](),
  }),
  shipped: buildEvent({
    eventType: 'shipment.created',
    version: 1,
    aggregateId: orderId,
    data: exampleEventData['shipment.created'](),
  }),
});

const waitForStatus = async (orderId: string, status: string) =>
  waitFor(
    async () => {
      const order = await getOrder(orderId);
      return order.json['status'] === status ? order : undefined;
    },
    { description: `order ${orderId} ${status}` },
  );

/** An order confirmed and then shipped through the real topics. */
const shippedOrder = async () => {
  const orderId = await placeOrder();
  const events = progress(orderId);
  await publish(events.reserved);
  await waitForStatus(orderId, 'CONFIRMED');
  await publish(events.shipped);
  await waitForStatus(orderId, 'SHIPPED');
  return { orderId, eventIds: [events.reserved.eventId, events.shipped.eventId] };
};

/** The order as GET /orders answers it and as its table stores it. */
const orderState = async (orderId: string) => ({
  api: (await getOrder(orderId)).json,
  stored: (
    await clients.documents.send(
      new GetCommand({ TableName: ORDERS_TABLE, Key: { orderId }, ConsistentRead: true }),
    )
  ).Item,
});

/**
 * Replays the queue from `from`, once the first delivery of each of `eventIds` was handled, and
 * waits until checkout has handled the replayed copies; returns how often it handled each.
 */
const replayAndWaitForHandled = async (from: Date, eventIds: readonly string[]) => {
  const outputUrl = inject('checkoutOutputUrl');
  const queueUrl = await urlOf(STATUS_QUEUE);
  await waitForDrained(clients, queueUrl);
  const once = Object.fromEntries(eventIds.map((id) => [id, 1]));
  const before = await waitForTimesHandled(outputUrl, once);
  await replayToQueue(clients, STATUS_QUEUE, from);
  await waitForTimesHandled(
    outputUrl,
    Object.fromEntries(eventIds.map((id) => [id, (before[id] ?? 0) + 1])),
  );
  await waitForDrained(clients, queueUrl);
  return { before, after: await timesHandled(outputUrl, eventIds) };
};

const plusOne = (counts: Readonly<Record<string, number>>) =>
  Object.fromEntries(Object.entries(counts).map(([id, times]) => [id, times + 1]));

describe('a replay of checkout-order-status.fifo', () => {
  it('changes no order while the eventIds are remembered', async () => {
    // Prepare
    const from = new Date();
    const dlqDepth = await queueDepth(clients, await urlOf(STATUS_DLQ));

    // Act
    const { orderId, eventIds } = await shippedOrder();
    const shipped = await orderState(orderId);
    const handled = await replayAndWaitForHandled(from, eventIds);

    // Assess
    expect(handled.after).toEqual(plusOne(handled.before));
    expect(shipped.api['timeline']).toMatchObject([
      { status: 'PLACED' },
      { status: 'CONFIRMED', eventId: eventIds[0] },
      { status: 'SHIPPED', eventId: eventIds[1] },
    ]);
    expect(await orderState(orderId)).toEqual(shipped);
    expect(await queueDepth(clients, await urlOf(STATUS_DLQ))).toBe(dlqDepth);
  });

  it('changes no order once the eventIds are forgotten: the timeline already has them', async () => {
    // Prepare
    const from = new Date();
    const dlqDepth = await queueDepth(clients, await urlOf(STATUS_DLQ));

    // Act
    const { orderId, eventIds } = await shippedOrder();
    const shipped = await orderState(orderId);
    for (const eventId of eventIds) {
      await expireIdempotencyRecord(clients, {
        tableName: IDEMPOTENCY_TABLE,
        keyPrefix: 'checkout.onOrderProgress',
        eventId,
      });
    }
    const handled = await replayAndWaitForHandled(from, eventIds);

    // Assess
    expect(handled.after).toEqual(plusOne(handled.before));
    expect(shipped.api['status']).toBe('SHIPPED');
    expect(await orderState(orderId)).toEqual(shipped);
    expect(await queueDepth(clients, await urlOf(STATUS_DLQ))).toBe(dlqDepth);
  });
});
