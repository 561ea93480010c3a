// The order-status consumer through the real local broker: events published on the inventory
// and shipping topics reach checkout-order-status.fifo and move the order.
import { randomUUID } from 'node:crypto';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { buildEvent, type ConveyorEvent, exampleEventData } from '@conveyor/event-types';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import { waitFor, waitForDrained, waitForMessage } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import { getOrder, postCheckout, testContext, validRequest } from './support/checkoutApi.ts';

const { clients, topicArn } = testContext();

const urlOf = async (queueName: string): Promise<string> => {
  const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  if (QueueUrl === undefined) {
    throw new Error(`no URL for ${queueName}`);
  }
  return QueueUrl;
};
const statusQueueUrl = () => urlOf('conveyor-local-checkout-order-status.fifo');

/** Waits until checkout has handled every event delivered so far (its queue is empty). */
const waitForEventsHandled = async () => {
  await waitForDrained(clients, await statusQueueUrl(), {
    description: 'checkout-order-status.fifo drained: every delivered event handled',
  });
};

const placeOrder = async (): Promise<string> => {
  const response = await postCheckout(validRequest());
  expect(response.status).toBe(201);
  return (response.json as { orderId: string }).orderId;
};

const publish = async (event: ConveyorEvent, deduplicationId = event.eventId) => {
  const topic =
    event.eventType === 'shipment.created' ? 'shipping-events.fifo' : 'inventory-events.fifo';
  await clients.sns.send(
    new PublishCommand({
      ...toPublishInput(topicArn(topic), event),
      MessageDeduplicationId: deduplicationId,
    }),
  );
};

const reserved = (orderId: string) =>
  buildEvent({
    eventType: 'inventory.reserved',
    version: 1,
    aggregateId: orderId,
    data: exampleEventData['inventory.reserved'](),
  });
const failed = (orderId: string) =>
  buildEvent({
    eventType: 'inventory.reservation-failed',
    version: 1,
    aggregateId: orderId,
    data: exampleEventData['inventory.reservation-failed'](),
  });
const shipped = (orderId: string, occurredAt?: Date) =>
  buildEvent(
    {
      eventType: 'shipment.created',
      version: 1,
      aggregateId: orderId,
      data: exampleEventData['shipment.created'](),
    },
    occurredAt === undefined ? {} : { now: () => occurredAt },
  );

const statusOf = async (orderId: string) =>
  (await getOrder(orderId)).json as {
    status: string;
    timeline: { status: string; at: string; eventId: string; recordedAt: string }[];
    updatedAt: string;
  };

const waitForStatus = async (orderId: string, status: string) =>
  waitFor(
    async () => {
      const order = await statusOf(orderId);
      return order.status === status ? order : undefined;
    },
    { description: `order ${orderId} ${status}` },
  );

describe('POST /checkout retried once its order has moved on', () => {
  it('answers every attempt under the key alike, as when it was placed', async () => {
    // Prepare
    const headers = { 'content-type': 'application/json', 'idempotency-key': randomUUID() };
    const first = await postCheckout(validRequest(), headers);
    const { orderId } = first.json as { orderId: string };
    await publish(reserved(orderId));
    await waitForStatus(orderId, 'CONFIRMED');

    // Act
    const retry = await postCheckout(validRequest(), headers);

    // Assess
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.json).toMatchObject({ orderId, status: 'PLACED' });
  });
});

describe('onOrderProgress', () => {
  it('confirms on inventory.reserved, then ships on shipment.created, noting when each happened and when it was recorded', async () => {
    // Prepare
    const orderId = await placeOrder();
    const reservedEvent = reserved(orderId);
    // A shipment that happened a minute ago, as when a fault held its event up.
    const shippedEvent = shipped(orderId, new Date(Date.now() - 60_000));

    // Act
    await publish(reservedEvent);
    await waitForStatus(orderId, 'CONFIRMED');
    const publishedAt = Date.now();
    await publish(shippedEvent);

    // Assess
    const order = await waitForStatus(orderId, 'SHIPPED');
    expect(order.timeline.map((entry) => entry.status)).toEqual(['PLACED', 'CONFIRMED', 'SHIPPED']);
    expect(order.timeline[1]?.eventId).toBe(reservedEvent.eventId);
    const shippedStep = order.timeline[2];
    expect(shippedStep?.at).toBe(shippedEvent.occurredAt);
    expect(Date.parse(shippedStep?.recordedAt ?? '')).toBeGreaterThanOrEqual(publishedAt);
    expect(order.updatedAt).toBe(shippedStep?.recordedAt);
  });

  it('rejects on inventory.reservation-failed', async () => {
    // Prepare
    const orderId = await placeOrder();
    const failedEvent = failed(orderId);

    // Act
    await publish(failedEvent);

    // Assess
    const order = await waitForStatus(orderId, 'REJECTED');
    expect(order.timeline).toEqual([
      expect.objectContaining({ status: 'PLACED' }),
      expect.objectContaining({ status: 'REJECTED', eventId: failedEvent.eventId }),
    ]);
  });

  it('ends SHIPPED when shipment.created arrives before inventory.reserved', async () => {
    // Prepare
    const orderId = await placeOrder();

    // Act
    await publish(shipped(orderId));
    await waitForStatus(orderId, 'SHIPPED');
    await publish(reserved(orderId));
    await waitForEventsHandled();

    // Assess
    const order = await statusOf(orderId);
    expect(order.status).toBe('SHIPPED');
    expect(order.timeline.map((entry) => entry.status)).toEqual(['PLACED', 'SHIPPED']);
  });

  it('changes nothing on a duplicate delivery of the same event', async () => {
    // Prepare
    const orderId = await placeOrder();
    const event = reserved(orderId);

    // Act
    await publish(event, `${event.eventId}-a`);
    await publish(event, `${event.eventId}-b`);
    await waitForStatus(orderId, 'CONFIRMED');
    await waitForEventsHandled();

    // Assess
    const order = await statusOf(orderId);
    expect(order.timeline.map((entry) => entry.status)).toEqual(['PLACED', 'CONFIRMED']);
  });

  it('sends an invalid event to the DLQ after 3 receives, and other orders still move', async () => {
    // Prepare
    const queueUrl = await statusQueueUrl();
    const dlqUrl = await urlOf('conveyor-local-checkout-order-status-dlq.fifo');
    const poison = JSON.stringify({ eventType: 'inventory.reserved', version: 1, junk: true });
    const orderId = await placeOrder();

    // Act
    await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: poison,
        MessageGroupId: 'poison',
        MessageDeduplicationId: randomUUID(),
      }),
    );
    await publish(reserved(orderId));

    // Assess
    await waitForStatus(orderId, 'CONFIRMED');
    const dead = await waitForMessage(clients, dlqUrl, (message) => message.Body === poison, {
      description: 'the poison message in the DLQ',
    });
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(3);
  });
});
