// Replays of shipping-requests.fifo from inventory's topic archive, through the real local cloud:
// an inventory.reserved shipping has already handled comes again (as `npm run replay` sends it)
// and ships nothing twice: no second shipment, label or shipment.created, nothing in the DLQ;
// while its eventId is remembered, and after that record has expired (a replay from far back).
import { randomUUID } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  archiveTopicsOfQueue,
  expireIdempotencyRecord,
  queueDepth,
  replayToQueue,
  tapTopic,
  timesHandled,
  waitForDrained,
  waitForTimesHandled,
} from '@conveyor/service-testing';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  clients,
  eventLog,
  LABELS_BUCKET,
  publishReserved,
  queueUrl,
  REQUESTS_DLQ,
  REQUESTS_QUEUE,
  reservedEvent,
  waitForShipment,
} from './support/shippingApi.ts';

const SHIPMENTS_TABLE = 'conveyor-local-shipping-shipments';
const IDEMPOTENCY_TABLE = 'conveyor-local-shipping-idempotency';

let events: ReturnType<typeof eventLog>;

beforeAll(async () => {
  events = eventLog(await tapTopic(clients, 'conveyor-local-shipping-events.fifo'));
  // This test cloud creates inventory's topic bare; inventory's own stack gives it its archive.
  await archiveTopicsOfQueue(clients, REQUESTS_QUEUE);
});

/** The stored shipment and its label object, as they are now. */
const shipmentState = async (orderId: string) => {
  const { Item } = await clients.documents.send(
    new GetCommand({ TableName: SHIPMENTS_TABLE, Key: { orderId }, ConsistentRead: true }),
  );
  const label = await clients.s3.send(
    new HeadObjectCommand({ Bucket: LABELS_BUCKET, Key: `labels/${orderId}.pdf` }),
  );
  return {
    shipment: Item,
    label: { eTag: label.ETag, lastModified: label.LastModified?.toISOString() },
  };
};

/**
 * Replays the queue from `from`, once the first delivery of `eventId` was handled, and waits
 * until shipping has handled the replayed copy; returns how often it handled the event.
 */
const replayAndWaitForHandled = async (from: Date, eventId: string) => {
  const outputUrl = inject('shippingOutputUrl');
  const requestsUrl = await queueUrl(REQUESTS_QUEUE);
  await waitForDrained(clients, requestsUrl);
  const before = await waitForTimesHandled(outputUrl, { [eventId]: 1 });
  await replayToQueue(clients, REQUESTS_QUEUE, from);
  await waitForTimesHandled(outputUrl, { [eventId]: (before[eventId] ?? 0) + 1 });
  await waitForDrained(clients, requestsUrl);
  const after = await timesHandled(outputUrl, [eventId]);
  return { before: before[eventId] ?? 0, after: after[eventId] ?? 0 };
};

describe('a replay of shipping-requests.fifo', () => {
  it('ships nothing twice while the eventId is remembered', async () => {
    // Prepare
    const from = new Date();
    const orderId = randomUUID();
    const reserved = reservedEvent(orderId);
    const dlqDepth = await queueDepth(clients, await queueUrl(REQUESTS_DLQ));

    // Act
    await publishReserved(reserved);
    await waitForShipment(orderId);
    const [created] = await events.forOrder(orderId);
    const shipped = await shipmentState(orderId);
    const handled = await replayAndWaitForHandled(from, reserved.eventId);

    // Assess
    expect(handled.after).toBe(handled.before + 1);
    expect(await shipmentState(orderId)).toEqual(shipped);
    expect(await events.forOrder(orderId)).toEqual([created]);
    expect(await queueDepth(clients, await queueUrl(REQUESTS_DLQ))).toBe(dlqDepth);
  });

  it('ships nothing twice once the eventId is forgotten: the stored shipment decides', async () => {
    // Prepare
    const from = new Date();
    const orderId = randomUUID();
    const reserved = reservedEvent(orderId);
    const dlqDepth = await queueDepth(clients, await queueUrl(REQUESTS_DLQ));

    // Act
    await publishReserved(reserved);
    await waitForShipment(orderId);
    const [created] = await events.forOrder(orderId);
    const shipped = await shipmentState(orderId);
    await expireIdempotencyRecord(clients, {
      tableName: IDEMPOTENCY_TABLE,
      keyPrefix: 'shipping.onInventoryReserved',
      eventId: reserved.eventId,
    });
    const handled = await replayAndWaitForHandled(from, reserved.eventId);

    // Assess: at most the stored shipment.created again, same eventId, which consumers drop.
    expect(handled.after).toBe(handled.before + 1);
    expect(await shipmentState(orderId)).toEqual(shipped);
    const published = await events.forOrder(orderId);
    expect(published.map((event) => event.eventId)).toEqual(published.map(() => created?.eventId));
    expect(await queueDepth(clients, await queueUrl(REQUESTS_DLQ))).toBe(dlqDepth);
  });
});
