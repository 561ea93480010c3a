// Timeout: a proxy holds onShipmentCreated's stock decrement, so the handler passes its timeout
// and its worker is stopped, as Lambda stops it. The record is retried and lands in the DLQ after
// 3 receives, with no stock moved meanwhile; the three decrements, released late as requests
// already on the wire would arrive, are each conditional on the order's hold, so only the first
// takes the units off.
import {
  holdingProxiesClient,
  markServiceOutput,
  stoppedWorkers,
  waitFor,
  waitForMessage,
} from '@conveyor/service-testing';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { names, queueUrl, testClients, watchOutcomes } from './support/inventoryTestContext.ts';
import { shipmentCreated } from './support/shipmentCreated.ts';
import {
  publishShipmentCreated,
  reservedOrder,
  shipmentNames,
  stockOf,
} from './support/shipmentsTestContext.ts';

const clients = testClients();
const faults = () => holdingProxiesClient(inject('inventoryFaultsUrl'));

afterEach(async () => {
  await faults().releaseHeldRequests();
});

afterAll(() => {
  clients.destroy();
});

describe('onShipmentCreated past its timeout', () => {
  it('is stopped, retried and dead-lettered after 3 receives, and takes the units off once', async () => {
    // Prepare: one SKU, so each attempt makes one stock decrement.
    const outcomes = await watchOutcomes(clients);
    const dlqUrl = await queueUrl(clients, shipmentNames.shipmentsDlq);
    const { sku, orderId } = await reservedOrder(clients, outcomes, {
      prefix: 'HELD-SHIP',
      onHand: 5,
      units: 2,
    });
    const shipped = shipmentCreated(orderId);
    const output = await markServiceOutput(inject('inventoryOutputUrl'));
    await faults().holdRequests({
      upstream: 'dynamodb',
      contains: ['DynamoDB_20120810.UpdateItem', names.stockTable, orderId],
      count: 3,
    });

    // Act
    await publishShipmentCreated(clients, shipped);
    const dead = await waitForMessage(
      clients,
      dlqUrl,
      (message) => message.Body?.includes(shipped.eventId) === true,
      { description: `shipment.created ${shipped.eventId} in the DLQ`, visibilityTimeout: 0 },
    );
    const held = await faults().holdStatus();
    const stockWhileHeld = await stockOf(sku);
    await faults().releaseHeldRequests();
    await waitFor(async () => ((await faults().holdStatus()).answered >= 3 ? true : undefined), {
      description: 'the three held stock decrements answered',
    });

    // Assess
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(held.held).toBe(3);
    expect(stoppedWorkers(await output.since(), 'onShipmentCreated')).toBeGreaterThanOrEqual(3);
    expect(stockWhileHeld).toEqual({ sku, onHand: 5, reserved: 2, available: 3 });
    expect(await stockOf(sku)).toEqual({ sku, onHand: 3, reserved: 0, available: 3 });
  });
});
