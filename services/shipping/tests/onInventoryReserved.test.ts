// The inventory.reserved consumer through the real local cloud and serverless-offline: events
// published on inventory's topic reach shipping-requests.fifo; the results are read back from
// the HTTP API, the labels bucket and a tap on shipping's own topic.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { InventoryReservedV1 } from '@conveyor/event-types';
import { tapTopic, waitForMessage } from '@conveyor/service-testing';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { addBusinessDays } from '../src/domain/addBusinessDays.ts';
import {
  clients,
  eventLog,
  getShipment,
  publishReserved,
  queueUrl,
  readLabel,
  REQUESTS_DLQ,
  REQUESTS_QUEUE,
  reservedEvent,
  waitForShipment,
} from './support/shippingApi.ts';

let events: ReturnType<typeof eventLog>;

beforeAll(async () => {
  events = eventLog(await tapTopic(clients, 'conveyor-local-shipping-events.fifo'));
});

const pdfText = async (pdf: Uint8Array): Promise<string> => {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), {
    mergePages: true,
  });
  return text;
};

describe('onInventoryReserved', () => {
  it('creates a shipment, stores its PDF label and publishes shipment.created', async () => {
    // Prepare
    const orderId = randomUUID();
    const reserved = reservedEvent(orderId);

    // Act
    await publishReserved(reserved);

    // Assess
    const shipment = await waitForShipment(orderId);
    expect(shipment).toMatchObject({
      orderId,
      status: 'LABEL_CREATED',
      carrier: 'ROYAL_MAIL',
      service: 'Royal Mail Tracked 48',
      labelKey: `labels/${orderId}.pdf`,
    });
    expect(shipment.trackingNumber).toMatch(/^[A-Z]{2}\d{9}GB$/);
    expect(shipment.estimatedDelivery).toBe(addBusinessDays(new Date(shipment.createdAt), 2));

    const pdf = await readLabel(shipment.labelKey);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain(shipment.trackingNumber);
    expect(text).toContain(orderId);
    expect(text).toContain(reserved.data.shippingAddress.line1);

    const [created, ...more] = await events.forOrder(orderId);
    expect(more).toEqual([]);
    expect(created).toMatchObject({
      eventType: 'shipment.created',
      metadata: { correlationId: reserved.metadata.correlationId, causationId: reserved.eventId },
      data: {
        shipmentId: shipment.shipmentId,
        carrier: 'ROYAL_MAIL',
        trackingNumber: shipment.trackingNumber,
        estimatedDelivery: shipment.estimatedDelivery,
        labelKey: shipment.labelKey,
        customer: reserved.data.customer,
        shippingAddress: reserved.data.shippingAddress,
      },
    });
  });

  it('ships a heavy parcel to the US with UPS and a customs value on the label', async () => {
    // Prepare
    const orderId = randomUUID();
    const reserved = reservedEvent(orderId, {
      lines: [{ sku: 'LAMP-DESK', name: 'Desk lamp', quantity: 2 }],
      shippingAddress: {
        name: 'Grace Hopper',
        line1: '1 Navy Way',
        city: 'Arlington',
        postalCode: '22202',
        country: 'US',
      },
      currency: 'USD',
      total: 8600,
    });

    // Act
    await publishReserved(reserved);

    // Assess
    const shipment = await waitForShipment(orderId);
    expect(shipment).toMatchObject({ carrier: 'UPS', service: 'UPS Standard' });
    expect(shipment.trackingNumber).toMatch(/^1Z[A-Z0-9]{6}\d{10}$/);
    expect(shipment.estimatedDelivery).toBe(addBusinessDays(new Date(shipment.createdAt), 5));
    const text = await pdfText(await readLabel(shipment.labelKey));
    expect(text).toContain(`Tracking: ${shipment.trackingNumber}`);
    expect(text).toContain('Customs value: US$86.00');
  });

  it('creates one shipment and one shipment.created for a duplicate delivery of the same event', async () => {
    // Prepare
    const orderId = randomUUID();
    const reserved = reservedEvent(orderId);

    // Act
    await publishReserved(reserved, `${reserved.eventId}-a`);
    await publishReserved(reserved, `${reserved.eventId}-b`);

    // Assess
    const shipment = await waitForShipment(orderId);
    const created = await events.forOrder(orderId);
    expect(created).toHaveLength(1);
    expect(created[0]?.data.trackingNumber).toBe(shipment.trackingNumber);
    expect((await getShipment(orderId)).json).toMatchObject({
      shipmentId: shipment.shipmentId,
      trackingNumber: shipment.trackingNumber,
    });
  });

  it('keeps the first shipment when a later inventory.reserved for the same order arrives', async () => {
    // Prepare
    const orderId = randomUUID();
    const first = reservedEvent(orderId);
    await publishReserved(first);
    const shipment = await waitForShipment(orderId);
    const late = reservedEvent(orderId, {
      shippingAddress: {
        name: 'Ada Lovelace',
        line1: '1 Rue de Rivoli',
        city: 'Paris',
        postalCode: '75001',
        country: 'FR',
      },
    });

    // Act
    await publishReserved(late);

    // Assess: the stored event is republished unchanged, so SNS (same deduplication id) or any
    // consumer (same eventId) drops it; the shipment does not change.
    const created = await events.forOrder(orderId);
    expect(new Set(created.map((event) => event.eventId)).size).toBe(1);
    expect(created[0]?.metadata.causationId).toBe(first.eventId);
    const after = (await getShipment(orderId)).json;
    expect(after).toMatchObject({
      shipmentId: shipment.shipmentId,
      carrier: 'ROYAL_MAIL',
      trackingNumber: shipment.trackingNumber,
    });
  });

  it('keeps the shipment of the first arrival when a stale inventory.reserved of the same order arrives after a newer one', async () => {
    // Prepare: the stale one was reserved a minute earlier, to another address.
    const orderId = randomUUID();
    const newer = reservedEvent(orderId, {
      shippingAddress: {
        name: 'Ada Lovelace',
        line1: '1 Rue de Rivoli',
        city: 'Paris',
        postalCode: '75001',
        country: 'FR',
      },
    });
    const stale: InventoryReservedV1 = {
      ...reservedEvent(orderId),
      occurredAt: new Date(Date.parse(newer.occurredAt) - 60_000).toISOString(),
    };

    // Act
    await publishReserved(newer);
    const shipment = await waitForShipment(orderId);
    await publishReserved(stale);
    // Waits until the requests queue is drained, so the stale one has been handled too.
    const created = await events.forOrder(orderId);

    // Assess
    expect(new Set(created.map((event) => event.metadata.causationId))).toEqual(
      new Set([newer.eventId]),
    );
    expect((await getShipment(orderId)).json).toMatchObject({
      shipmentId: shipment.shipmentId,
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
    });
    const text = await pdfText(await readLabel(shipment.labelKey));
    expect(text).toContain(newer.data.shippingAddress.line1);
    expect(text).not.toContain(stale.data.shippingAddress.line1);
  });

  it('sends an invalid event to the DLQ after 3 receives, and other orders still ship', async () => {
    // Prepare
    const requestsUrl = await queueUrl(REQUESTS_QUEUE);
    const dlqUrl = await queueUrl(REQUESTS_DLQ);
    const otherOrderId = randomUUID();
    const poison = JSON.stringify({ eventType: 'inventory.reserved', version: 1, junk: true });

    // Act
    await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: requestsUrl,
        MessageBody: poison,
        MessageGroupId: `poison-${randomUUID()}`,
        MessageDeduplicationId: randomUUID(),
      }),
    );
    await publishReserved(reservedEvent(otherOrderId));

    // Assess
    await waitForShipment(otherOrderId);
    const dead = await waitForMessage(clients, dlqUrl, (message) => message.Body === poison, {
      description: 'the poison message in the DLQ',
    });
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(3);
  });
});
