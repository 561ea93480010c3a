// A second, valid order.placed for an order whose reservation is still in progress for other
// lines fails permanently (ConflictingOrderError): the consumer makes the record visible again at
// once, so it reaches the DLQ after 3 quick receives, and it holds no stock. The first stays in
// progress because the local cloud refuses onOrderPlaced dynamodb:UpdateItem on the stock table,
// a retried failure; once the role is back it reserves its own lines and is announced alone.
import {
  markServiceOutput,
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
import { holdsOf } from './support/shipmentsTestContext.ts';

const clients = testClients();
let revoked: RevokedPermission | undefined;

afterEach(async () => {
  await revoked?.restore();
  revoked = undefined;
});

afterAll(() => {
  clients.destroy();
});

describe('onOrderPlaced for an order already being reserved for other lines', () => {
  it('dead-letters the second order.placed after 3 receives, holds nothing for it, and reserves the first once', async () => {
    // Prepare
    const outcomes = await watchOutcomes(clients);
    const dlqUrl = await queueUrl(clients, names.ordersDlq);
    const [firstSku, secondSku] = [uniqueSku('FIRST-LINES'), uniqueSku('SECOND-LINES')];
    await putStock(firstSku, 5);
    await putStock(secondSku, 5);
    const first = orderPlaced([[firstSku, 2]]);
    const second = orderPlaced([[secondSku, 1]], first.aggregateId);
    const output = await markServiceOutput(inject('inventoryOutputUrl'));
    revoked = await revokePermission(inject('cloudEndpoints').sqs, {
      service: 'conveyor-inventory',
      functionKey: 'onOrderPlaced',
      action: 'dynamodb:UpdateItem',
      resourceContains: names.stockTable,
    });

    // Act
    await publishOrderPlaced(clients, first);
    await revoked.waitForDenial();
    // Another message group, so it is handled while the first waits for its retry.
    await publishOrderPlaced(clients, second, { groupId: `${first.aggregateId}-again` });
    const dead = await waitForMessage(
      clients,
      dlqUrl,
      (message) => message.Body?.includes(second.eventId) === true,
      { description: `order.placed ${second.eventId} in the DLQ`, visibilityTimeout: 0 },
    );
    const secondStockWhileRefused = (await getStock(secondSku)).json;
    const outcomesWhileRefused = await outcomes.outcomesOf([first.aggregateId]);
    await revoked.restore();
    const [outcome] = await outcomes.waitForOutcomes([first.aggregateId]);

    // Assess
    expect(JSON.parse(dead.Body ?? '{}')).toMatchObject({
      eventId: second.eventId,
      aggregateId: first.aggregateId,
    });
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(await output.since()).toContain(
      `Order ${first.aggregateId} is already being reserved for other lines (order.placed ${first.eventId})`,
    );
    expect(secondStockWhileRefused).toEqual({
      sku: secondSku,
      onHand: 5,
      reserved: 0,
      available: 5,
    });
    expect(outcomesWhileRefused).toEqual([]);
    expect(outcome).toMatchObject({
      eventType: 'inventory.reserved',
      metadata: { causationId: first.eventId },
      data: { lines: [{ sku: firstSku, quantity: 2 }] },
    });
    expect((await outcomes.outcomesOf([first.aggregateId])).map((each) => each.eventId)).toEqual([
      outcome?.eventId,
    ]);
    expect((await getStock(firstSku)).json).toEqual({
      sku: firstSku,
      onHand: 5,
      reserved: 2,
      available: 3,
    });
    expect((await getStock(secondSku)).json).toEqual({
      sku: secondSku,
      onHand: 5,
      reserved: 0,
      available: 5,
    });
    expect((await holdsOf(clients, secondSku)) ?? {}).not.toHaveProperty(first.aggregateId);
  });
});
