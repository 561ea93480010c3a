// shipment.created through the real local broker (shipping's topic → inventory-shipments.fifo →
// onShipmentCreated under serverless-offline): the order's held units leave on-hand once per
// shipment, however often and in whichever order the events arrive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type OutcomeWatch,
  publishOrderPlaced,
  putStock,
  testClients,
  uniqueSku,
  watchOutcomes,
} from './support/inventoryTestContext.ts';
import { orderPlaced } from './support/orderPlaced.ts';
import { shipmentCreated } from './support/shipmentCreated.ts';
import {
  drainShipmentGroup,
  holdsOf,
  publishShipmentCreated,
  recordedShipmentOf,
  reservedOrder,
  stockOf,
  waitForOnHandBelow,
} from './support/shipmentsTestContext.ts';

const clients = testClients();
let outcomes: OutcomeWatch;

beforeAll(async () => {
  outcomes = await watchOutcomes(clients);
});

afterAll(() => {
  clients.destroy();
});

describe('onShipmentCreated', () => {
  it('takes the held units of every line off on-hand and records the shipment', async () => {
    // Prepare
    const [shirt, mug] = [uniqueSku('SHIP-SHIRT'), uniqueSku('SHIP-MUG')];
    await putStock(shirt, 10);
    await putStock(mug, 5);
    const placed = orderPlaced([
      [shirt, 2],
      [mug, 1],
    ]);
    await publishOrderPlaced(clients, placed);
    await outcomes.waitForOutcomes([placed.aggregateId]);
    const shipped = shipmentCreated(placed.aggregateId);

    // Act
    await publishShipmentCreated(clients, shipped);

    // Assess
    expect(await waitForOnHandBelow(shirt, 10)).toEqual({
      sku: shirt,
      onHand: 8,
      reserved: 0,
      available: 8,
    });
    expect(await waitForOnHandBelow(mug, 5)).toEqual({
      sku: mug,
      onHand: 4,
      reserved: 0,
      available: 4,
    });
    expect(await holdsOf(clients, shirt)).toEqual({});
    expect(await holdsOf(clients, mug)).toEqual({});
    expect(await recordedShipmentOf(clients, placed.aggregateId)).toMatchObject({
      shipmentId: shipped.data.shipmentId,
      eventId: shipped.eventId,
    });
  });

  it('takes the units off once when the shipment is delivered twice and republished with a new eventId', async () => {
    // Prepare
    const { sku, orderId } = await reservedOrder(clients, outcomes, {
      prefix: 'SHIP-DUP',
      onHand: 10,
      units: 3,
    });
    const shipped = shipmentCreated(orderId);
    const republished = shipmentCreated(orderId, shipped.data.shipmentId);

    // Act: copies SNS will not deduplicate, then a barrier behind them in the same group.
    await publishShipmentCreated(clients, shipped, { deduplicationId: `${shipped.eventId}-1` });
    await publishShipmentCreated(clients, shipped, { deduplicationId: `${shipped.eventId}-2` });
    await publishShipmentCreated(clients, republished);
    await drainShipmentGroup(clients, outcomes, orderId);

    // Assess
    expect(await stockOf(sku)).toEqual({ sku, onHand: 7, reserved: 0, available: 7 });
    expect(await recordedShipmentOf(clients, orderId)).toMatchObject({
      shipmentId: shipped.data.shipmentId,
      eventId: shipped.eventId,
    });
  });

  it('keeps a shipment that arrives before the order, and the reservation then takes the units off', async () => {
    // Prepare
    const sku = uniqueSku('SHIP-EARLY');
    await putStock(sku, 10);
    const placed = orderPlaced([[sku, 4]]);
    const shipped = shipmentCreated(placed.aggregateId);

    // Act
    await publishShipmentCreated(clients, shipped);
    await drainShipmentGroup(clients, outcomes, placed.aggregateId);
    const stockBeforeOrder = await stockOf(sku);
    const recordedBeforeOrder = await recordedShipmentOf(clients, placed.aggregateId);
    await publishOrderPlaced(clients, placed);
    const [outcome] = await outcomes.waitForOutcomes([placed.aggregateId]);

    // Assess: the outcome is published after the stock moved, so no wait is needed.
    expect(stockBeforeOrder).toEqual({ sku, onHand: 10, reserved: 0, available: 10 });
    expect(recordedBeforeOrder).toMatchObject({ shipmentId: shipped.data.shipmentId });
    expect(outcome?.eventType).toBe('inventory.reserved');
    expect(await stockOf(sku)).toEqual({ sku, onHand: 6, reserved: 0, available: 6 });
    expect(await holdsOf(clients, sku)).toEqual({});
  });

  it('takes the units off once when the early shipment is delivered again after the order', async () => {
    // Prepare: shipment first, then the order, as in the test above.
    const sku = uniqueSku('SHIP-EARLY-DUP');
    await putStock(sku, 10);
    const placed = orderPlaced([[sku, 2]]);
    const shipped = shipmentCreated(placed.aggregateId);
    await publishShipmentCreated(clients, shipped);
    await drainShipmentGroup(clients, outcomes, placed.aggregateId);
    await publishOrderPlaced(clients, placed);
    await outcomes.waitForOutcomes([placed.aggregateId]);

    // Act
    await publishShipmentCreated(clients, shipped, { deduplicationId: `${shipped.eventId}-again` });
    await drainShipmentGroup(clients, outcomes, placed.aggregateId);

    // Assess
    expect(await stockOf(sku)).toEqual({ sku, onHand: 8, reserved: 0, available: 8 });
  });
});
