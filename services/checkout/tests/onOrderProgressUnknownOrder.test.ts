// A valid event for an order checkout does not have fails permanently (UnknownOrderError): the
// consumer makes the record visible again at once, so it reaches the DLQ after 3 quick receives
// rather than 3 visibility timeouts, and no order is written for it. Orders that exist still move.
import { randomUUID } from 'node:crypto';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { buildEvent, exampleEventData, type InventoryReservedV1 } from '@conveyor/event-types';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import { markServiceOutput, waitFor, waitForMessage } from '@conveyor/service-testing';
import { describe, expect, inject, it } from 'vitest';
import { getOrder, postCheckout, testContext, validRequest } from './support/checkoutApi.ts';

const { clients, topicArn } = testContext();
const ORDERS_TABLE = 'conveyor-local-checkout-orders';
const STATUS_DLQ = 'conveyor-local-checkout-order-status-dlq.fifo';

const urlOf = async (queueName: string): Promise<string> => {
  const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  if (QueueUrl === undefined) throw new Error(`no URL for ${queueName}`);
  return QueueUrl;
};

const reserved = (orderId: string): InventoryReservedV1 =>
  buildEvent({
    eventType: 'inventory.reserved',
    version: 1,
    aggregateId: orderId,
    data: exampleEventData['inventory.reserved'](),
  });

const publish = async (event: InventoryReservedV1): Promise<void> => {
  await clients.sns.send(
    new PublishCommand({
      ...toPublishInput(topicArn('inventory-events.fifo'), event),
      MessageDeduplicationId: event.eventId,
    }),
  );
};

const storedOrder = async (orderId: string): Promise<Record<string, unknown> | undefined> =>
  (
    await clients.documents.send(
      new GetCommand({ TableName: ORDERS_TABLE, Key: { orderId }, ConsistentRead: true }),
    )
  ).Item;

describe('onOrderProgress for an order checkout does not have', () => {
  it('dead-letters the event after 3 receives, writes no order, and other orders still move', async () => {
    // Prepare
    const unknownOrderId = randomUUID();
    const event = reserved(unknownOrderId);
    const placed = await postCheckout(validRequest());
    const { orderId } = placed.json as { orderId: string };
    const output = await markServiceOutput(inject('checkoutOutputUrl'));

    // Act
    await publish(event);
    await publish(reserved(orderId));
    const dead = await waitForMessage(
      clients,
      await urlOf(STATUS_DLQ),
      (message) => message.Body?.includes(event.eventId) === true,
      { description: `inventory.reserved of ${unknownOrderId} in the DLQ`, visibilityTimeout: 0 },
    );

    // Assess
    expect(placed.status).toBe(201);
    expect(JSON.parse(dead.Body ?? '{}')).toMatchObject({
      eventId: event.eventId,
      aggregateId: unknownOrderId,
    });
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(await storedOrder(unknownOrderId)).toBeUndefined();
    expect((await getOrder(unknownOrderId)).status).toBe(404);
    const logged = await output.since();
    // Failed as unknown, not for some other reason (a timeout or a refused call would retry too).
    expect(logged).toContain(`Order ${unknownOrderId} does not exist`);
    expect(logged).not.toContain('Could not make a permanently failed record visible again');
    await waitFor(
      async () => ((await getOrder(orderId)).json['status'] === 'CONFIRMED' ? true : undefined),
      { description: `order ${orderId} CONFIRMED` },
    );
  });
});
