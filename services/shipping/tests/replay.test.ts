// Replays of shipping-requests.fifo from inventory's topic archive, through the real local cloud:
// an inventory.reserved shipping has already handled comes again (as `npm run replay` sends it)
// and ships nothing twice: no second shipment, label or shipment.created, nothing in the DLQ.
// No eventId record is kept: the stored shipment decides, however far back the replay reaches.
import { randomUUID } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  archiveTopicsOfQueue,
  boundedFetch,
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

/** What shipping logged as `Shipment ready` for the order, one entry per handled delivery. */
const shipmentsReady = async (orderId: string) => {
  const output = await (await boundedFetch(inject('shippingOutputUrl'))).text();
  return output
    .split('\n')
    .filter((line) => line.includes('Shipment ready') && line.includes(orderId))
    .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>)
    .map(({ outcome, shipmentEventId }) => ({ outcome, shipmentEventId }));
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
  it('ships nothing twice: the stored shipment decides', async () => {
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

    // Assess: the republished event has the first one's deduplication id, so SNS drops it.
    expect(handled.after).toBe(handled.before + 1);
    expect(await shipmentState(orderId)).toEqual(shipped);
    expect(await events.forOrder(orderId)).toEqual([created]);
    expect(await queueDepth(clients, await queueUrl(REQUESTS_DLQ))).toBe(dlqDepth);
  });

  it('publishes at most the stored shipment.created again, with its eventId', async () => {
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

    // Assess: the replayed copy found the shipment and sent its stored event, which SNS drops
    // within its deduplication window and consumers (same eventId) after it.
    expect(handled.after).toBe(handled.before + 1);
    expect(await shipmentsReady(orderId)).toEqual([
      { outcome: 'created', shipmentEventId: created?.eventId },
      { outcome: 'existing', shipmentEventId: created?.eventId },
    ]);
    expect(await shipmentState(orderId)).toEqual(shipped);
    const published = await events.forOrder(orderId);
    expect(published.map((event) => event.eventId)).toEqual(published.map(() => created?.eventId));
    expect(await queueDepth(clients, await queueUrl(REQUESTS_DLQ))).toBe(dlqDepth);
  });
});
