// inventory.reservation-failed through the real local broker: inventory's topic reaches
// marketing-audience (every rejection: consent is unknown to inventory) and leaves the rejected
// order out of the contact's figures, whether it comes after its order.placed or before, and
// without ever making a contact of it.
import { waitFor, waitForDrained } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import {
  publishEvent,
  reservationFailed,
  storedContact,
  waitForLog,
} from './support/audienceApi.ts';
import {
  audienceLogsAbout,
  getContact,
  newCustomerId,
  orderPlaced,
  publish,
  queueUrl,
  testClients,
  waitForContact,
} from './support/marketingApi.ts';

const REJECTED = 'Rejected order left out of the audience';

describe('inventory.reservation-failed', () => {
  it('takes a counted order out of the contact figures', async () => {
    // Prepare
    const customerId = newCustomerId();
    const kept = orderPlaced(customerId, { at: '2026-01-10T09:00:00.000Z', total: 1000 });
    const rejected = orderPlaced(customerId, { at: '2026-01-11T09:00:00.000Z', total: 2500 });
    await publish(kept);
    await publish(rejected);
    await waitForContact(customerId, (contact) => contact['orderCount'] === 2);

    // Act
    await publishEvent(reservationFailed(customerId, rejected.aggregateId));

    // Assess
    const contact = await waitForContact(customerId, (c) => c['orderCount'] === 1);
    expect(contact).toEqual({
      customerId,
      email: 'a***e@e***.com',
      segment: 'new',
      orderCount: 1,
      firstOrderAt: kept.occurredAt,
      lastOrderAt: kept.occurredAt,
      lifetimeValue: [{ currency: 'EUR', amount: 1000 }],
    });
  });

  it('never counts an order whose rejection arrived before it', async () => {
    // Prepare
    const customerId = newCustomerId();
    const kept = orderPlaced(customerId, { total: 700 });
    const rejected = orderPlaced(customerId, { total: 9900 });
    const failure = reservationFailed(customerId, rejected.aggregateId);

    // Act
    await publishEvent(failure);
    const [remembered] = await waitForLog(failure.eventId, REJECTED);
    const beforeOrders = await getContact(customerId);
    await publish(rejected);
    await publish(kept);

    // Assess
    expect(remembered).toMatchObject({ outcome: 'remembered', orderCount: 0 });
    expect(beforeOrders.status).toBe(404);
    const [late] = await waitForLog(rejected.eventId, 'Audience contact updated');
    expect(late).toMatchObject({ outcome: 'rejected' });
    await waitForLog(kept.eventId, 'Audience contact updated');
    expect((await getContact(customerId)).json).toMatchObject({
      orderCount: 1,
      lifetimeValue: [{ currency: 'EUR', amount: 700 }],
    });
  });

  it('makes no contact and no figures for a rejected order that had no consent', async () => {
    // Prepare: marketing never sees the order (no consent), only inventory's rejection of it.
    const customerId = newCustomerId();
    const order = orderPlaced(customerId, { optIn: false });
    const failure = reservationFailed(customerId, order.aggregateId);

    // Act
    await publish(order);
    await publishEvent(failure);

    // Assess: were the order let through, it would be in the queue until handled.
    await waitForLog(failure.eventId, REJECTED);
    await waitForDrained(testClients(), await queueUrl('marketing-audience'), {
      description: 'marketing-audience drained: every delivered record handled',
    });
    expect((await getContact(customerId)).status).toBe(404);
    const stored = await storedContact(customerId);
    expect(stored).toEqual({
      customerId,
      orderCount: 0,
      lifetimeValue: {},
      orders: {},
      rejectedOrders: {
        [order.aggregateId]: {
          eventId: failure.eventId,
          rejectedAt: new Date(failure.occurredAt).toISOString(),
        },
      },
      expiresAt: expect.any(Number) as unknown,
      version: 1,
    });
    expect(await audienceLogsAbout(order.eventId)).toEqual([]);
  });

  it('leaves a customer whose only order was rejected out of the audience', async () => {
    // Prepare
    const customerId = newCustomerId();
    const order = orderPlaced(customerId);
    await publish(order);
    await waitForContact(customerId);

    // Act
    await publishEvent(reservationFailed(customerId, order.aggregateId));

    // Assess
    await waitFor(async () => ((await getContact(customerId)).status === 404 ? true : undefined), {
      description: `customer ${customerId} out of the audience`,
    });
    expect(await storedContact(customerId)).toMatchObject({ orders: {}, orderCount: 0 });
  });

  it('changes nothing on a duplicate delivery', async () => {
    // Prepare
    const customerId = newCustomerId();
    const kept = orderPlaced(customerId);
    const rejected = orderPlaced(customerId);
    await publish(kept);
    await publish(rejected);
    await waitForContact(customerId, (contact) => contact['orderCount'] === 2);
    const failure = reservationFailed(customerId, rejected.aggregateId);

    // Act
    await publishEvent(failure);
    await publishEvent(failure, `${failure.eventId}-again`);

    // Assess
    await waitFor(
      async () => {
        const handled = (await audienceLogsAbout(failure.eventId)).filter(
          (line) => line['message'] === 'Event handled',
        );
        return handled.length >= 2 ? handled : undefined;
      },
      { description: 'both copies of the rejection handled' },
    );
    expect((await getContact(customerId)).json).toMatchObject({ orderCount: 1 });
    // Two orders and one rejection: three writes.
    expect((await storedContact(customerId))?.['version']).toBe(3);
  });
});
