// Timeout: a proxy holds onInventoryReserved's publish of shipment.created, so the handler passes
// its timeout and its worker is stopped, as Lambda stops it. The record is retried and lands in
// the DLQ after 3 receives; the shipment and its label are made once (the retries find them), and
// the three publishes, released late as requests already on the wire would arrive, carry the
// same stored event, so SNS passes on one shipment.created.
import { randomUUID } from 'node:crypto';
import {
  holdingProxiesClient,
  markServiceOutput,
  stoppedWorkers,
  tapTopic,
  waitFor,
  waitForMessage,
} from '@conveyor/service-testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  clients,
  eventLog,
  getShipment,
  publishReserved,
  queueUrl,
  REQUESTS_DLQ,
  reservedEvent,
} from './support/shippingApi.ts';

const faults = () => holdingProxiesClient(inject('shippingFaultsUrl'));

afterEach(async () => {
  await faults().releaseHeldRequests();
});

describe('onInventoryReserved past its timeout', () => {
  it('is stopped, retried and dead-lettered after 3 receives, and ships once', async () => {
    // Prepare
    const tap = await tapTopic(clients, 'conveyor-local-shipping-events.fifo');
    const events = eventLog(tap);
    const dlqUrl = await queueUrl(REQUESTS_DLQ);
    const orderId = randomUUID();
    const reserved = reservedEvent(orderId);
    const output = await markServiceOutput(inject('shippingOutputUrl'));
    await faults().holdRequests({
      upstream: 'fauxqs',
      contains: ['Action=Publish', orderId],
      count: 3,
    });

    // Act
    await publishReserved(reserved);
    const dead = await waitForMessage(
      clients,
      dlqUrl,
      (message) => message.Body?.includes(reserved.eventId) === true,
      { description: `inventory.reserved of ${orderId} in the DLQ`, visibilityTimeout: 0 },
    );
    const held = await faults().holdStatus();
    const shipmentBeforeRelease = await getShipment(orderId);
    await faults().releaseHeldRequests();
    await waitFor(async () => ((await faults().holdStatus()).answered >= 3 ? true : undefined), {
      description: 'the three held publishes answered',
    });

    // Assess
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(held.held).toBe(3);
    expect(stoppedWorkers(await output.since(), 'onInventoryReserved')).toBeGreaterThanOrEqual(3);
    expect(shipmentBeforeRelease.json).toMatchObject({ orderId, status: 'LABEL_CREATED' });
    const created = await events.forOrder(orderId);
    expect(created.map((event) => event.data.trackingNumber)).toEqual([
      shipmentBeforeRelease.json['trackingNumber'],
    ]);
    await tap.close();
  });
});
