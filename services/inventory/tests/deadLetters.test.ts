// A message that is not a valid event, sent straight to inventory-orders.fifo, fails
// permanently: the queue's redrive policy moves it to the DLQ after 3 receives (the consumer
// makes it visible again at once rather than after the visibility timeout), while other orders
// go on being reserved.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { queueDepth, waitForMessage } from '@conveyor/service-testing';
import { afterAll, describe, expect, it } from 'vitest';
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

afterAll(() => {
  clients.destroy();
});

describe('an invalid message on inventory-orders.fifo', () => {
  it('ends in the DLQ after 3 receives, and other orders are still reserved', async () => {
    // Prepare
    const outcomes = await watchOutcomes(clients);
    const [ordersUrl, dlqUrl] = [
      await queueUrl(clients, names.ordersQueue),
      await queueUrl(clients, names.ordersDlq),
    ];
    const poisonId = randomUUID();
    const poison = JSON.stringify({ eventType: 'order.placed', version: 1, poisonId });
    const sku = uniqueSku('AFTER-POISON');
    await putStock(sku, 2);
    const healthy = orderPlaced([[sku, 2]]);
    // Other files may have left their own dead letters in this shared DLQ.
    const depthBefore = await queueDepth(clients, dlqUrl);

    // Act
    await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: ordersUrl,
        MessageBody: poison,
        MessageGroupId: `poison-${poisonId}`,
        MessageDeduplicationId: poisonId,
      }),
    );
    await publishOrderPlaced(clients, healthy);
    const [reserved] = await outcomes.waitForOutcomes([healthy.aggregateId]);
    const dead = await waitForMessage(clients, dlqUrl, (message) => message.Body === poison, {
      description: 'the invalid message in the DLQ',
      intervalMs: 500,
      waitTimeSeconds: 1,
      visibilityTimeout: 60,
    });

    // Assess
    expect(reserved?.eventType).toBe('inventory.reserved');
    expect((await getStock(sku)).json).toEqual({ sku, onHand: 2, reserved: 2, available: 0 });
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(dead.Attributes?.['MessageGroupId']).toBe(`poison-${poisonId}`);
    expect(await queueDepth(clients, dlqUrl)).toBe(depthBefore + 1);
  });
});
