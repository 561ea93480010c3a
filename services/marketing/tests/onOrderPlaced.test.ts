// The audience consumer through the real local broker: order.placed published on checkout's
// topic reaches marketing-audience through the body-filtered subscription and updates contacts.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { queueDepth, waitFor, waitForDrained, waitForMessage } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import { storedContact } from './support/audienceApi.ts';
import {
  audienceLogsAbout,
  audienceOutputAbout,
  getContact,
  newCustomerId,
  orderPlaced,
  publish,
  publishBurst,
  queueUrl,
  serviceLogs,
  serviceOutput,
  testClients,
  waitForContact,
} from './support/marketingApi.ts';

const clients = testClients();

/** Waits until marketing has handled every record delivered so far (its queue is empty). */
const waitForDeliveriesHandled = async () => {
  await waitForDrained(clients, await queueUrl('marketing-audience'), {
    description: 'marketing-audience drained: every delivered record handled',
  });
};

describe('order.placed', () => {
  it('adds an opted-in customer with one order, showing only a masked email', async () => {
    // Prepare
    const customerId = newCustomerId();
    const email = `grace.${customerId}.hopper@example.com`;
    const event = orderPlaced(customerId, { email, total: 4200, currency: 'USD' });

    // Act
    await publish(event);

    // Assess
    const contact = await waitForContact(customerId);
    expect(contact).toEqual({
      customerId,
      email: 'g***r@e***.com',
      segment: 'new',
      orderCount: 1,
      firstOrderAt: event.occurredAt,
      lastOrderAt: event.occurredAt,
      lifetimeValue: [{ currency: 'USD', amount: 4200 }],
    });
    expect((await getContact(customerId)).text).not.toContain(email);
    expect(await serviceOutput()).not.toContain(email);
  });

  it('never sees an order without consent: the body filter drops it before the queue', async () => {
    // Prepare
    const optedOut = newCustomerId();
    const sentinel = newCustomerId();
    const event = orderPlaced(optedOut, { optIn: false });
    const dlqUrl = await queueUrl('marketing-audience-dlq');
    const deadBefore = await queueDepth(clients, dlqUrl);

    // Act
    await publish(event);
    await publish(orderPlaced(sentinel));

    // Assess
    await waitForContact(sentinel);
    await waitForDeliveriesHandled();
    expect((await getContact(optedOut)).status).toBe(404);
    // Every record the event source takes from the queue reaches the function, and the toolkit
    // logs each one with its eventId: no line means it never was in the queue.
    expect(await audienceLogsAbout(event.eventId)).toEqual([]);
    expect(await audienceOutputAbout(event.eventId)).toEqual([]);
    // The test files run one at a time, so nothing else dead-letters meanwhile.
    expect(await queueDepth(clients, dlqUrl)).toBe(deadBefore);
  });

  it('counts each order once under duplicates and reversed arrival', async () => {
    // Prepare
    const customerId = newCustomerId();
    const first = orderPlaced(customerId, { at: '2026-01-10T09:00:00.000Z', total: 1000 });
    const second = orderPlaced(customerId, { at: '2026-02-20T18:30:00.000Z', total: 2550 });

    // Act
    await publish(second);
    await waitForContact(customerId);
    await publish(first);
    await publish(second, `${second.eventId}-again`);
    await publish(first, `${first.eventId}-again`);

    // Assess
    const contact = await waitForContact(customerId, (c) => c['orderCount'] === 2);
    await waitForDeliveriesHandled();
    expect((await getContact(customerId)).json).toEqual(contact);
    expect(contact).toMatchObject({
      orderCount: 2,
      segment: 'repeat',
      firstOrderAt: '2026-01-10T09:00:00.000Z',
      lastOrderAt: '2026-02-20T18:30:00.000Z',
      lifetimeValue: [{ currency: 'EUR', amount: 3550 }],
    });
    const updates = (await serviceLogs()).filter(
      (line) => line['message'] === 'Audience contact updated' && line['customerId'] === customerId,
    );
    expect(updates.map((line) => line['outcome'])).not.toContain('replaced');
    expect(updates.filter((line) => line['outcome'] === 'counted')).toHaveLength(2);
  });

  it('counts once copies of one event handled in parallel in one batch, with no retry', async () => {
    // Prepare: copies of one event in one batch run in parallel. No eventId record tells them
    // apart: the contact's facts do (a copy that loses the race to write reads again and finds
    // the order counted).
    const customerId = newCustomerId();
    const event = orderPlaced(customerId);

    // Act: one PublishBatch queues the three copies at once, so one batch takes them all.
    await publishBurst([event, event, event], (copy, index) => `${copy.eventId}-${String(index)}`);

    // Assess
    const lines = await waitFor(
      async () => {
        const about = await audienceLogsAbout(event.eventId);
        const handled = about.filter((line) => line['message'] === 'Event handled');
        return handled.length >= 3 ? about : undefined;
      },
      { description: 'the three copies handled' },
    );
    const updates = lines.filter((line) => line['message'] === 'Audience contact updated');
    expect(updates.map((line) => line['outcome']).toSorted()).toEqual([
      'counted',
      'duplicate',
      'duplicate',
    ]);
    const handled = lines.filter((line) => line['message'] === 'Event handled');
    expect(handled.map((line) => line['receiveCount'])).toEqual([1, 1, 1]);
    expect((await getContact(customerId)).json).toMatchObject({ orderCount: 1, segment: 'new' });
    // One write: the contact's first version holds this one order.
    const stored = await storedContact(customerId);
    expect(stored?.['version']).toBe(1);
    expect(Object.keys(stored?.['orders'] as object)).toEqual([event.aggregateId]);
  });

  it('sends an invalid event to the DLQ after 3 receives, and other orders still count', async () => {
    // Prepare
    const poison = JSON.stringify({ eventType: 'order.placed', version: 1, junk: randomUUID() });
    const customerId = newCustomerId();

    // Act
    const { MessageId: poisonId } = await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: await queueUrl('marketing-audience'),
        MessageBody: poison,
      }),
    );
    await publish(orderPlaced(customerId));

    // Assess
    await waitForContact(customerId);
    const dlqUrl = await queueUrl('marketing-audience-dlq');
    const dead = await waitForMessage(clients, dlqUrl, (message) => message.Body === poison, {
      description: 'the poison message in the DLQ',
      visibilityTimeout: 0,
    });
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(3);
    const rejections = (await serviceLogs()).filter(
      (line) =>
        line['messageId'] === poisonId && String(line['message']).startsWith('Invalid event'),
    );
    expect(rejections.map((line) => line['receiveCount'])).toEqual([1, 2, 3]);
  });
});

describe('GET /audience/contacts/{customerId}', () => {
  it('answers 404 for a customer who is not in the audience', async () => {
    // Prepare
    const customerId = newCustomerId();

    // Act
    const response = await getContact(customerId);

    // Assess
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it.each([
    ['too long', 'c'.repeat(129)],
    ['blank, which checkout never gives', '  '],
    ['with a space or an accented letter, which the contract refuses', 'Zoë Müller'],
  ])('answers 400 for a customer id that is %s', async (_case, customerId) => {
    // Act
    const response = await getContact(customerId);

    // Assess
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      status: 400,
      detail: 'customerId must be 1 to 128 letters, digits or ASCII punctuation, with no spaces',
      errors: [{ parameter: 'customerId' }],
    });
  });

  it('answers 400 for an email address, which checkout never takes as a customer id, without echoing it', async () => {
    // Act
    const response = await getContact('Ada.Lovelace@Example.com');

    // Assess
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ status: 400, errors: [{ parameter: 'customerId' }] });
    expect(response.json['detail']).toMatch(/^customerId must not be an email address/);
    expect(response.text).not.toContain('Lovelace');
  });
});
