// Replays of checkout-order-status.fifo from the inventory and shipping topics' archives, through
// the real local cloud: the inventory.reserved and shipment.created checkout has already applied
// come again (as `npm run replay` sends them), reach the domain (checkout keeps no record of
// handled eventIds but the order's timeline) and change no order: no status change, no timeline
// entry, no new version, nothing in the DLQ; whether the timeline has the replayed event or the
// order moved past it.
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { buildEvent, type ConveyorEvent, exampleEventData } from '@conveyor/event-types';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import {
  archiveTopicsOfQueue,
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

/**
 * An order shipped before its reservation came: the late inventory.reserved is handled and
 * ignored, so the timeline does not have its eventId.
 */
const shippedBeforeReserved = async () => {
  const orderId = await placeOrder();
  const events = progress(orderId);
  await publish(events.shipped);
  await waitForStatus(orderId, 'SHIPPED');
  await publish(events.reserved);
  await waitForTimesHandled(inject('checkoutOutputUrl'), { [events.reserved.eventId]: 1 });
  return { orderId, eventIds: [events.shipped.eventId, events.reserved.eventId] };
};

/** The order as GET /orders answers it and as its table stores it (with its version). */
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
  it('changes no order: its timeline already has each replayed eventId', async () => {
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
    expect(shipped.stored?.['version']).toBe(3);
    expect(await orderState(orderId)).toEqual(shipped);
    expect(await queueDepth(clients, await urlOf(STATUS_DLQ))).toBe(dlqDepth);
  });

  it('changes no order that moved past a replayed event: status only moves forward', async () => {
    // Prepare
    const from = new Date();
    const dlqDepth = await queueDepth(clients, await urlOf(STATUS_DLQ));

    // Act
    const { orderId, eventIds } = await shippedBeforeReserved();
    const shipped = await orderState(orderId);
    const handled = await replayAndWaitForHandled(from, eventIds);

    // Assess
    expect(handled.after).toEqual(plusOne(handled.before));
    expect(shipped.api['timeline']).toMatchObject([
      { status: 'PLACED' },
      { status: 'SHIPPED', eventId: eventIds[0] },
    ]);
    expect(shipped.stored?.['version']).toBe(2);
    expect(await orderState(orderId)).toEqual(shipped);
    expect(await queueDepth(clients, await urlOf(STATUS_DLQ))).toBe(dlqDepth);
  });
});
