// Retry: a failure that heals. The outcome event is refused once (sns:Publish taken out of
// onOrderPlaced's role, as while a role change is still propagating), then the role is back; the
// record comes back after its visibility timeout and the retry, finding the reservation the first
// attempt wrote, publishes its outcome once and holds the units once.
// It takes a permission away from the one offline inventory the test files share, so it needs
// the integration files to run one at a time.
import { type RevokedPermission, revokePermission, waitFor } from '@conveyor/service-testing';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import {
  getStock,
  publishOrderPlaced,
  putStock,
  testClients,
  uniqueSku,
  watchOutcomes,
} from './support/inventoryTestContext.ts';
import { orderPlaced } from './support/orderPlaced.ts';
import { serviceLogs } from './support/shipmentsTestContext.ts';

const clients = testClients();
let revoked: RevokedPermission | undefined;

afterEach(async () => {
  await revoked?.restore();
  revoked = undefined;
});

afterAll(() => {
  clients.destroy();
});

const linesOf = async (eventId: string, message: string) => {
  const lines = (await serviceLogs()).filter(
    (line) => line['eventId'] === eventId && line['message'] === message,
  );
  return lines.length > 0 ? lines : undefined;
};

describe('onOrderPlaced after a transient failure', () => {
  it('is retried after its visibility timeout, publishes one outcome and holds the units once', async () => {
    // Prepare
    const outcomes = await watchOutcomes(clients);
    const sku = uniqueSku('RETRY-PUBLISH');
    await putStock(sku, 5);
    const order = orderPlaced([[sku, 2]]);
    revoked = await revokePermission(inject('cloudEndpoints').sqs, {
      service: 'conveyor-inventory',
      functionKey: 'onOrderPlaced',
      action: 'sns:Publish',
    });

    // Act
    await publishOrderPlaced(clients, order);
    await revoked.waitForDenial();
    const failed = await waitFor(() => linesOf(order.eventId, 'Event failed: it will be retried'), {
      description: `the failed attempt at ${order.eventId} logged`,
    });
    const outcomesWhileRefused = await outcomes.outcomesOf([order.aggregateId]);
    await revoked.restore();
    const handled = await waitFor(() => linesOf(order.eventId, 'Event handled'), {
      description: `the retry of ${order.eventId} handled`,
    });
    const [outcome] = await outcomes.waitForOutcomes([order.aggregateId]);

    // Assess
    expect(outcomesWhileRefused).toEqual([]);
    expect(failed.map((line) => line['receiveCount'])).toEqual([1]);
    expect(handled.map((line) => line['receiveCount'])).toEqual([2]);
    expect(outcome).toMatchObject({
      eventType: 'inventory.reserved',
      aggregateId: order.aggregateId,
    });
    expect(await outcomes.outcomesOf([order.aggregateId])).toHaveLength(1);
    expect((await getStock(sku)).json).toEqual({ sku, onHand: 5, reserved: 2, available: 3 });
  });
});
