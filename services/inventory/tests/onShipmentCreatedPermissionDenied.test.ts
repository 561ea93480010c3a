// Permission denied: with dynamodb:UpdateItem on the stock table taken out of onShipmentCreated's
// role (as a fixture copy of the role without that statement would be), the local cloud refuses
// the stock decrement as AWS would. The record is retried and lands in the DLQ after 3 receives,
// the log names the missing action and resource, and no stock moves; once the role is back, the
// same event (as a redrive sends it) takes the units off once.
// It takes a permission away from the one offline inventory the test files share, so it needs
// the integration files to run one at a time.
import {
  boundedFetch,
  type RevokedPermission,
  revokePermission,
  waitForMessage,
} from '@conveyor/service-testing';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { names, queueUrl, testClients, watchOutcomes } from './support/inventoryTestContext.ts';
import { shipmentCreated } from './support/shipmentCreated.ts';
import {
  publishShipmentCreated,
  recordedShipmentOf,
  reservedOrder,
  shipmentNames,
  stockOf,
  waitForOnHandBelow,
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

describe('onShipmentCreated refused dynamodb:UpdateItem on the stock table', () => {
  it('dead-letters the record after 3 receives, logs the missing action and resource, and moves no stock', async () => {
    // Prepare
    const outcomes = await watchOutcomes(clients);
    const dlqUrl = await queueUrl(clients, shipmentNames.shipmentsDlq);
    const { sku, orderId } = await reservedOrder(clients, outcomes, {
      prefix: 'SHIP-REFUSED',
      onHand: 5,
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
    const denial = await revoked.waitForDenial();
    const dead = await waitForMessage(
      clients,
      dlqUrl,
      (message) => message.Body?.includes(shipped.eventId) === true,
      {
        description: `the refused shipment.created ${shipped.eventId} in the DLQ`,
        visibilityTimeout: 0,
      },
    );
    const stockWhileRefused = await stockOf(sku);
    const recordedWhileRefused = await recordedShipmentOf(clients, orderId);
    await revoked.restore();
    await publishShipmentCreated(clients, shipped, {
      deduplicationId: `${shipped.eventId}-redrive`,
    });

    // Assess
    expect(denial).toMatchObject({
      action: 'dynamodb:UpdateItem',
      resource: expect.stringMatching(/:table\/conveyor-local-inventory-stock$/) as unknown,
      decision: 'ImplicitlyDenied',
    });
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    const output = await (await boundedFetch(inject('inventoryOutputUrl'))).text();
    expect(output).toContain(
      `is not authorized to perform: dynamodb:UpdateItem on resource: ${denial.resource}`,
    );
    expect(stockWhileRefused).toEqual({ sku, onHand: 5, reserved: 2, available: 3 });
    // The shipment is recorded before the stock write, so the redrive carries on from it.
    expect(recordedWhileRefused).toMatchObject({ shipmentId: shipped.data.shipmentId });
    expect(await waitForOnHandBelow(sku, 5)).toEqual({ sku, onHand: 3, reserved: 0, available: 3 });
  });
});
