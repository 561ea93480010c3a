// At-least-once delivery: every event of an order is published a second time, and still every
// side effect happens once.
import { PublishCommand } from '@aws-sdk/client-sns';
import type { ConveyorEvent } from '@conveyor/event-types';
import { localAccountId, localRegion } from '@conveyor/local-cloud';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import { tapTopic, waitFor } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import {
  clients,
  conveyor,
  newCustomer,
  orderRequest,
  waitForConsumersDrained,
  waitForStatus,
} from './support/flow.ts';

const TOPICS = ['order-events.fifo', 'inventory-events.fifo', 'shipping-events.fifo'] as const;
const topicArn = (name: string) =>
  `arn:aws:sns:${localRegion}:${localAccountId}:conveyor-local-${name}`;

describe('duplicate delivery', () => {
  it('gives one email per event, one shipment, one reservation and the same contact figures', async () => {
    // Prepare
    const api = conveyor();
    const aws = clients();
    const customer = newCustomer('dupes');
    const sku = 'HOODIE-GREY-M';
    const before = (await api.getStock(sku)).body;
    const taps = await Promise.all(
      TOPICS.map(async (name) => ({ name, tap: await tapTopic(aws, `conveyor-local-${name}`) })),
    );

    // Act
    const placed = await api.placeOrder(orderRequest(customer, [{ sku, quantity: 2 }]));
    const { orderId } = placed.body;
    const duplicated = new Set<string>();
    await waitFor(
      async () => {
        for (const { name, tap } of taps) {
          for (const event of (await tap.drain()) as ConveyorEvent[]) {
            if (event.aggregateId !== orderId || duplicated.has(event.eventId)) continue;
            duplicated.add(event.eventId);
            // A different deduplication id, so SNS FIFO delivers the copy.
            await aws.sns.send(
              new PublishCommand({
                ...toPublishInput(topicArn(name), event),
                MessageDeduplicationId: `${event.eventId}-again`,
              }),
            );
          }
        }
        const { body } = await api.getOrder(orderId);
        return body.status === 'SHIPPED' && duplicated.size >= 3 ? true : undefined;
      },
      { description: 'the order SHIPPED with its three events published twice', intervalMs: 500 },
    );
    // The side effects are counted once every consumer has handled the copies.
    await waitForConsumersDrained();

    // Assess
    const order = await waitForStatus(orderId, 'SHIPPED');
    expect(order.timeline.map((entry) => entry.status)).toEqual(['PLACED', 'CONFIRMED', 'SHIPPED']);
    const mails = await api.mailsTo(customer.email);
    expect(mails.map((mail) => mail.subject).toSorted()).toHaveLength(2);
    // Inventory takes the shipped units off on-hand from its own queue: wait until it has.
    const after = await waitFor(
      async () => {
        const { body } = await api.getStock(sku);
        return body.onHand < before.onHand ? body : undefined;
      },
      { description: `the shipped units of ${sku} off on-hand` },
    );
    expect(before.onHand - after.onHand).toBe(2);
    expect(after.reserved).toBe(before.reserved);
    expect(before.available - after.available).toBe(2);
    const shipment = await api.getShipment(orderId);
    expect(shipment.status).toBe(200);
    const contact = await api.getContact(customer.id);
    expect(contact.body).toMatchObject({
      orderCount: 1,
      lifetimeValue: [{ currency: 'GBP', amount: order.total.amount }],
    });
    aws.destroy();
  });
});
