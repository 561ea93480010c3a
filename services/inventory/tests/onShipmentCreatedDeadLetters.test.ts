// What onShipmentCreated cannot handle fails permanently: the consumer makes it visible again at
// once and the queue's redrive policy moves it to inventory-shipments-dlq.fifo after 3 receives,
// with no stock moved for it, while other shipments go on being handled. An invalid event (one
// that fails the contract) and a poison one (valid, but contradicting what inventory recorded).
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { queueDepth, waitForMessage } from '@conveyor/service-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type OutcomeWatch,
  publishOrderPlaced,
  putStock,
  queueUrl,
  testClients,
  uniqueSku,
  watchOutcomes,
} from './support/inventoryTestContext.ts';
import { orderPlaced } from './support/orderPlaced.ts';
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
let outcomes: OutcomeWatch;

beforeAll(async () => {
  outcomes = await watchOutcomes(clients);
});

afterAll(() => {
  clients.destroy();
});

const deadLetter = async (dlqUrl: string, contains: string) =>
  waitForMessage(clients, dlqUrl, (message) => message.Body?.includes(contains) === true, {
    description: `the message with ${contains} in the DLQ`,
    intervalMs: 500,
    waitTimeSeconds: 1,
    visibilityTimeout: 60,
  });

describe('onShipmentCreated dead letters', () => {
  it('sends an invalid shipment.created to the DLQ after 3 receives, moves no stock for it, and ships others', async () => {
    // Prepare
    const [queue, dlqUrl] = [
      await queueUrl(clients, shipmentNames.shipmentsQueue),
      await queueUrl(clients, shipmentNames.shipmentsDlq),
    ];
    const target = await reservedOrder(clients, outcomes, {
      prefix: 'SHIP-INVALID',
      onHand: 5,
      units: 2,
    });
    const healthy = await reservedOrder(clients, outcomes, {
      prefix: 'SHIP-HEALTHY',
      onHand: 5,
      units: 1,
    });
    // A shipment.created with no shipment id: the contract refuses it.
    const { shipmentId: _dropped, ...dataWithoutId } = shipmentCreated(target.orderId).data;
    const invalid = JSON.stringify({ ...shipmentCreated(target.orderId), data: dataWithoutId });
    // Other files may have left their own dead letters in this shared DLQ.
    const depthBefore = await queueDepth(clients, dlqUrl);

    // Act
    await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: queue,
        MessageBody: invalid,
        MessageGroupId: target.orderId,
        MessageDeduplicationId: randomUUID(),
      }),
    );
    await publishShipmentCreated(clients, shipmentCreated(healthy.orderId));
    const healthyStock = await waitForOnHandBelow(healthy.sku, 5);
    const dead = await deadLetter(dlqUrl, target.orderId);

    // Assess
    expect(dead.Body).toBe(invalid);
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(dead.Attributes?.['MessageGroupId']).toBe(target.orderId);
    expect(await queueDepth(clients, dlqUrl)).toBe(depthBefore + 1);
    expect(await stockOf(target.sku)).toEqual({
      sku: target.sku,
      onHand: 5,
      reserved: 2,
      available: 3,
    });
    expect(await recordedShipmentOf(clients, target.orderId)).toBeUndefined();
    expect(healthyStock).toEqual({ sku: healthy.sku, onHand: 4, reserved: 0, available: 4 });
  });

  it('dead-letters a second, different shipment of an order, and keeps the stock moved once', async () => {
    // Prepare
    const dlqUrl = await queueUrl(clients, shipmentNames.shipmentsDlq);
    const { sku, orderId } = await reservedOrder(clients, outcomes, {
      prefix: 'SHIP-TWICE',
      onHand: 10,
      units: 3,
    });
    const first = shipmentCreated(orderId);
    await publishShipmentCreated(clients, first);
    await waitForOnHandBelow(sku, 10);
    const second = shipmentCreated(orderId);

    // Act
    await publishShipmentCreated(clients, second);
    const dead = await deadLetter(dlqUrl, second.eventId);

    // Assess
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(await stockOf(sku)).toEqual({ sku, onHand: 7, reserved: 0, available: 7 });
    expect(await recordedShipmentOf(clients, orderId)).toMatchObject({
      shipmentId: first.data.shipmentId,
      eventId: first.eventId,
    });
  });

  it('dead-letters a shipment of an order inventory rejected, and records nothing', async () => {
    // Prepare
    const dlqUrl = await queueUrl(clients, shipmentNames.shipmentsDlq);
    const sku = uniqueSku('SHIP-REJECTED');
    await putStock(sku, 1);
    const placed = orderPlaced([[sku, 2]]);
    await publishOrderPlaced(clients, placed);
    const [outcome] = await outcomes.waitForOutcomes([placed.aggregateId]);
    const shipped = shipmentCreated(placed.aggregateId);

    // Act
    await publishShipmentCreated(clients, shipped);
    const dead = await deadLetter(dlqUrl, shipped.eventId);

    // Assess
    expect(outcome?.eventType).toBe('inventory.reservation-failed');
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(await stockOf(sku)).toEqual({ sku, onHand: 1, reserved: 0, available: 1 });
    expect(await recordedShipmentOf(clients, placed.aggregateId)).toBeUndefined();
  });
});
