// Permission denied: with sns:Publish taken out of onOrderPlaced's role (as a fixture copy of the
// role without that statement would be), the local cloud refuses the outcome event as AWS would.
// The record is retried and lands in the DLQ after 3 receives, the log names the missing action
// and resource, and nothing else is affected: the stock is reserved once, not once per receive,
// and once the role is back the next order is reserved and published.
// It takes a permission away from the one offline inventory the test files share, so it needs
// the integration files to run one at a time.
import {
  boundedFetch,
  type RevokedPermission,
  revokePermission,
  waitForMessage,
} from '@conveyor/service-testing';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import {
  getStock,
  names,
  publishOrderPlaced,
  putStock,
  queueUrl,
  testClients,
  uniqueSku,
  watchOutcomes,
} from './support/inventoryTestContext.ts';
import { orderPlaced } from './support/orderPlaced.ts';

const clients = testClients();
let revoked: RevokedPermission | undefined;

afterEach(async () => {
  await revoked?.restore();
  revoked = undefined;
});

afterAll(() => {
  clients.destroy();
});

describe('onOrderPlaced refused sns:Publish', () => {
  it('dead-letters the record after 3 receives, logs the missing action and resource, and reserves once', async () => {
    // Prepare
    const outcomes = await watchOutcomes(clients);
    const dlqUrl = await queueUrl(clients, names.ordersDlq);
    const sku = uniqueSku('REFUSED-PUBLISH');
    await putStock(sku, 5);
    const order = orderPlaced([[sku, 2]]);
    revoked = await revokePermission(inject('cloudEndpoints').sqs, {
      service: 'conveyor-inventory',
      functionKey: 'onOrderPlaced',
      action: 'sns:Publish',
    });

    // Act
    await publishOrderPlaced(clients, order);
    const denial = await revoked.waitForDenial();
    const dead = await waitForMessage(
      clients,
      dlqUrl,
      (message) => message.Body?.includes(order.eventId) === true,
      { description: `the refused order.placed ${order.eventId} in the DLQ`, visibilityTimeout: 0 },
    );
    const stockWhileRefused = (await getStock(sku)).json;
    const outcomesWhileRefused = await outcomes.outcomesOf([order.aggregateId]);
    await revoked.restore();
    const next = orderPlaced([[sku, 1]]);
    await publishOrderPlaced(clients, next);

    // Assess
    expect(denial).toMatchObject({
      action: 'sns:Publish',
      resource: expect.stringMatching(/:conveyor-local-inventory-events\.fifo$/) as unknown,
      decision: 'ImplicitlyDenied',
    });
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    const output = await (await boundedFetch(inject('inventoryOutputUrl'))).text();
    expect(output).toContain(
      `is not authorized to perform: SNS:Publish on resource: ${denial.resource}`,
    );
    expect(stockWhileRefused).toEqual({ sku, onHand: 5, reserved: 2, available: 3 });
    expect(outcomesWhileRefused).toEqual([]);
    const [nextOutcome] = await outcomes.waitForOutcomes([next.aggregateId]);
    expect(nextOutcome?.eventType).toBe('inventory.reserved');
    expect((await getStock(sku)).json).toEqual({ sku, onHand: 5, reserved: 3, available: 2 });
  });
});
