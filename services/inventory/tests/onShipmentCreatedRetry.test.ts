// Retry: a failure that heals. The stock decrement is refused once (dynamodb:UpdateItem taken
// out of onShipmentCreated's role, as while a role change is still propagating), then the role
// is back; the record comes back after its visibility timeout and the retry, carrying on from
// the shipment the first attempt recorded, takes the units off once.
// It takes a permission away from the one offline inventory the test files share, so it needs
// the integration files to run one at a time.
import { type RevokedPermission, revokePermission, waitFor } from '@conveyor/service-testing';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { names, testClients, watchOutcomes } from './support/inventoryTestContext.ts';
import { shipmentCreated } from './support/shipmentCreated.ts';
import {
  publishShipmentCreated,
  recordedShipmentOf,
  reservedOrder,
  serviceLogs,
  stockOf,
} from './support/shipmentsTestContext.ts';

const clients = testClients();
let revoked: RevokedPermission | undefined;

afterEach(async () => {
  await revoked?.restore();
  revoked = undefined;
});

afterAll(() => {
  clients.destroy();
});

describe('onShipmentCreated after a transient failure', () => {
  it('is retried after its visibility timeout and takes the units off once', async () => {
    // Prepare
    const outcomes = await watchOutcomes(clients);
    const { sku, orderId } = await reservedOrder(clients, outcomes, {
      prefix: 'SHIP-RETRY',
      onHand: 6,
      units: 2,
    });
    const shipped = shipmentCreated(orderId);
    revoked = await revokePermission(inject('cloudEndpoints').sqs, {
      service: 'conveyor-inventory',
      functionKey: 'onShipmentCreated',
      action: 'dynamodb:UpdateItem',
      resourceContains: names.stockTable,
    });

    // Act
    await publishShipmentCreated(clients, shipped);
    await revoked.waitForDenial();
    const failed = await waitFor(
      async () => {
        const lines = (await serviceLogs()).filter(
          (line) =>
            line['eventId'] === shipped.eventId &&
            line['message'] === 'Event failed: it will be retried',
        );
        return lines.length > 0 ? lines : undefined;
      },
      { description: `the failed attempt at ${shipped.eventId} logged` },
    );
    await revoked.restore();
    const handled = await waitFor(
      async () => {
        const lines = (await serviceLogs()).filter(
          (line) => line['eventId'] === shipped.eventId && line['message'] === 'Event handled',
        );
        return lines.length > 0 ? lines : undefined;
      },
      { description: `the retry of ${shipped.eventId} handled` },
    );

    // Assess
    expect(failed.map((line) => line['receiveCount'])).toEqual([1]);
    expect(handled.map((line) => line['receiveCount'])).toEqual([2]);
    expect(await stockOf(sku)).toEqual({ sku, onHand: 4, reserved: 0, available: 4 });
    expect(await recordedShipmentOf(clients, orderId)).toMatchObject({
      shipmentId: shipped.data.shipmentId,
      eventId: shipped.eventId,
    });
  });
});
