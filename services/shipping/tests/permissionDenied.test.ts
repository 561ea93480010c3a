// Permission denied: with sns:Publish taken out of onInventoryReserved's role (as a fixture copy
// of the role without that statement would be), the local cloud refuses the consumer's publish
// of shipment.created as AWS would. The record is retried and lands in the DLQ after 3 receives,
// the log names the missing action and resource, and nothing else is affected: the shipment is
// stored once, the HTTP API still answers, and orders ship again once the role is back.
import { randomUUID } from 'node:crypto';
import {
  boundedFetch,
  type RevokedPermission,
  revokePermission,
  tapTopic,
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
  waitForShipment,
} from './support/shippingApi.ts';

let revoked: RevokedPermission | undefined;

afterEach(async () => {
  await revoked?.restore();
  revoked = undefined;
});

describe('onInventoryReserved refused sns:Publish', () => {
  it('dead-letters the record after 3 receives, logs the missing action and resource, and affects nothing else', async () => {
    // Prepare
    const tap = await tapTopic(clients, 'conveyor-local-shipping-events.fifo');
    const events = eventLog(tap);
    const dlqUrl = await queueUrl(REQUESTS_DLQ);
    const orderId = randomUUID();
    const reserved = reservedEvent(orderId);
    revoked = await revokePermission(inject('cloudEndpoints').sqs, {
      service: 'conveyor-shipping',
      functionKey: 'onInventoryReserved',
      action: 'sns:Publish',
    });

    // Act
    await publishReserved(reserved);
    const denial = await revoked.waitForDenial();
    const dead = await waitForMessage(
      clients,
      dlqUrl,
      (message) => message.Body?.includes(reserved.eventId) === true,
      {
        description: `the refused inventory.reserved of ${orderId} in the DLQ`,
        visibilityTimeout: 0,
      },
    );
    const shipmentWhileRefused = await getShipment(orderId);
    await revoked.restore();
    const nextOrderId = randomUUID();
    await publishReserved(reservedEvent(nextOrderId));

    // Assess
    expect(denial).toMatchObject({
      action: 'sns:Publish',
      resource: expect.stringMatching(/:conveyor-local-shipping-events\.fifo$/) as unknown,
      decision: 'ImplicitlyDenied',
    });
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    const output = await (await boundedFetch(inject('shippingOutputUrl'))).text();
    expect(output).toContain(
      `is not authorized to perform: SNS:Publish on resource: ${denial.resource}`,
    );
    // The shipment and its label were made once, by the first attempt; only the publish failed.
    expect(shipmentWhileRefused.status).toBe(200);
    expect(shipmentWhileRefused.json).toMatchObject({ orderId, status: 'LABEL_CREATED' });
    const next = await waitForShipment(nextOrderId);
    const [nextCreated, ...moreNext] = await events.forOrder(nextOrderId);
    expect(moreNext).toEqual([]);
    expect(nextCreated?.data.trackingNumber).toBe(next.trackingNumber);
    expect(await events.forOrder(orderId, { count: 0 })).toEqual([]);
    await tap.close();
  });
});
