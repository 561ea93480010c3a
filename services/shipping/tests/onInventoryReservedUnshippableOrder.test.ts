// A valid inventory.reserved whose order id cannot name a shipment (the contract allows it, but
// the id names the label's key) fails permanently (UnshippableOrderError): the consumer makes the
// record visible again at once, so it reaches the DLQ after 3 quick receives, and no shipment,
// label or shipment.created is made for it. Other orders still ship.
import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  markServiceOutput,
  tapTopic,
  type TopicTap,
  waitForDrained,
  waitForMessage,
} from '@conveyor/service-testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labelKeyFor } from '../src/domain/label.ts';
import {
  clients,
  LABELS_BUCKET,
  publishReserved,
  queueUrl,
  REQUESTS_DLQ,
  REQUESTS_QUEUE,
  reservedEvent,
  type ShipmentCreatedMessage,
  waitForShipment,
} from './support/shippingApi.ts';

const SHIPMENTS_TABLE = 'conveyor-local-shipping-shipments';
let shippingEvents: TopicTap;

beforeAll(async () => {
  shippingEvents = await tapTopic(clients, 'conveyor-local-shipping-events.fifo');
});

afterAll(async () => {
  await shippingEvents.close();
});

const storedShipment = async (orderId: string): Promise<Record<string, unknown> | undefined> =>
  (
    await clients.documents.send(
      new GetCommand({ TableName: SHIPMENTS_TABLE, Key: { orderId }, ConsistentRead: true }),
    )
  ).Item;

const labelsOf = async (orderId: string): Promise<number> =>
  (
    await clients.s3.send(
      new ListObjectsV2Command({ Bucket: LABELS_BUCKET, Prefix: labelKeyFor(orderId) }),
    )
  ).KeyCount ?? 0;

describe('onInventoryReserved for an order id that cannot name a shipment', () => {
  it('dead-letters the event after 3 receives, ships nothing for it, and other orders still ship', async () => {
    // Prepare: an underscore passes the contract but not shipping's order ids.
    const unshippableId = `order_${randomUUID()}`;
    const event = reservedEvent(unshippableId);
    const otherOrderId = randomUUID();
    const output = await markServiceOutput(inject('shippingOutputUrl'));

    // Act
    await publishReserved(event);
    await publishReserved(reservedEvent(otherOrderId));
    const dead = await waitForMessage(
      clients,
      await queueUrl(REQUESTS_DLQ),
      (message) => message.Body?.includes(event.eventId) === true,
      { description: `inventory.reserved of ${unshippableId} in the DLQ`, visibilityTimeout: 0 },
    );
    const otherShipment = await waitForShipment(otherOrderId);
    // Every delivered request handled: a shipment.created made for either order is in the tap.
    await waitForDrained(clients, await queueUrl(REQUESTS_QUEUE), {
      description: `${REQUESTS_QUEUE} drained: every delivered request handled`,
    });
    const published = (await shippingEvents.drain(10)) as ShipmentCreatedMessage[];

    // Assess
    expect(JSON.parse(dead.Body ?? '{}')).toMatchObject({
      eventId: event.eventId,
      aggregateId: unshippableId,
    });
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    const logged = await output.since();
    expect(logged).toContain(`Order id \\"${unshippableId}\\" cannot name a shipment`);
    expect(logged).not.toContain('Could not make a permanently failed record visible again');
    expect(await storedShipment(unshippableId)).toBeUndefined();
    expect(await labelsOf(unshippableId)).toBe(0);
    expect(published.filter((each) => each.aggregateId === unshippableId)).toEqual([]);
    expect(
      published
        .filter((each) => each.aggregateId === otherOrderId)
        .map((each) => each.data.shipmentId),
    ).toEqual([otherShipment.shipmentId]);
  });
});
