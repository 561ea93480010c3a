// customer.registered through the real local broker: checkout's customer topic reaches
// marketing-audience through a body-filtered subscription (consent only) and puts the customer
// on the newsletter, once, and never back after they unsubscribed.
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { queueDepth, waitFor, waitForDrained, waitForMessage } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import {
  clickUnsubscribe,
  customerRegistered,
  publishEvent,
  storedContact,
  unsubscribeToken,
  waitForLog,
} from './support/audienceApi.ts';
import {
  audienceLogsAbout,
  audienceOutputAbout,
  getContact,
  newCustomerId,
  orderPlaced,
  publish,
  queueUrl,
  serviceLogs,
  serviceOutput,
  testClients,
  waitForContact,
} from './support/marketingApi.ts';

const clients = testClients();

const handledCopies = async (eventId: string, copies: number) =>
  waitFor(
    async () => {
      const lines = (await audienceLogsAbout(eventId)).filter(
        (line) => line['message'] === 'Event handled',
      );
      return lines.length >= copies ? lines : undefined;
    },
    { description: `${String(copies)} copies of ${eventId} handled` },
  );

describe('customer.registered', () => {
  it('adds a consenting customer as a newsletter subscriber, showing only a masked email', async () => {
    // Prepare
    const customerId = newCustomerId();
    const email = `grace.${customerId}.hopper@example.com`;
    const event = customerRegistered(customerId, { email });

    // Act
    await publishEvent(event);

    // Assess
    const contact = await waitForContact(customerId);
    expect(contact).toEqual({
      customerId,
      email: 'g***r@e***.com',
      segment: 'subscriber',
      orderCount: 0,
      lifetimeValue: [],
      newsletter: { subscribedAt: event.occurredAt },
    });
    expect((await getContact(customerId)).text).not.toContain(email);
    const output = await serviceOutput();
    expect(output).not.toContain(email);
    expect(output).not.toContain(event.data.customer.name);
  });

  it('never sees a registration without consent: the body filter drops it before the queue', async () => {
    // Prepare
    const declined = newCustomerId();
    const sentinel = newCustomerId();
    const event = customerRegistered(declined, { optIn: false });
    const dlqUrl = await queueUrl('marketing-audience-dlq');
    const deadBefore = await queueDepth(clients, dlqUrl);

    // Act
    await publishEvent(event);
    await publishEvent(customerRegistered(sentinel));

    // Assess
    await waitForContact(sentinel);
    await waitForDrained(clients, await queueUrl('marketing-audience'), {
      description: 'marketing-audience drained: every delivered record handled',
    });
    expect((await getContact(declined)).status).toBe(404);
    expect(await storedContact(declined)).toBeUndefined();
    expect(await audienceOutputAbout(event.eventId)).toEqual([]);
    // The test files run one at a time, so nothing else dead-letters meanwhile.
    expect(await queueDepth(clients, dlqUrl)).toBe(deadBefore);
  });

  it('subscribes once under duplicate delivery, and keeps the figures of earlier orders', async () => {
    // Prepare
    const customerId = newCustomerId();
    const order = orderPlaced(customerId, { at: '2026-01-10T09:00:00.000Z', total: 1200 });
    await publish(order);
    await waitForContact(customerId);
    const event = customerRegistered(customerId, { at: '2026-01-05T08:00:00.000Z' });

    // Act
    await publishEvent(event);
    await publishEvent(event, `${event.eventId}-again`);

    // Assess
    await handledCopies(event.eventId, 2);
    expect((await getContact(customerId)).json).toEqual({
      customerId,
      email: 'a***e@e***.com',
      segment: 'new',
      orderCount: 1,
      firstOrderAt: order.occurredAt,
      lastOrderAt: order.occurredAt,
      lifetimeValue: [{ currency: 'EUR', amount: 1200 }],
      newsletter: { subscribedAt: event.occurredAt },
    });
    // One write for the order, one for the subscription: the copy wrote nothing.
    expect((await storedContact(customerId))?.['version']).toBe(2);
  });

  it('never adds back a customer who unsubscribed before the registration arrived', async () => {
    // Prepare
    const customerId = newCustomerId();
    const event = customerRegistered(customerId);
    await clickUnsubscribe(unsubscribeToken(customerId));

    // Act
    await publishEvent(event);

    // Assess
    const [recorded] = await waitForLog(event.eventId, 'Newsletter subscription recorded');
    expect(recorded).toMatchObject({ outcome: 'opted-out', orderCount: 0 });
    expect(Object.keys((await getContact(customerId)).json)).toEqual([
      'customerId',
      'unsubscribedAt',
    ]);
    expect(await storedContact(customerId)).not.toHaveProperty('newsletter');
  });

  it('sends an invalid customer.registered to the DLQ after 3 receives, and others still subscribe', async () => {
    // Prepare: a well-formed envelope whose data lacks the consent flag.
    const valid = customerRegistered(newCustomerId());
    const { marketingOptIn: _dropped, ...data } = valid.data;
    const poison = JSON.stringify({ ...valid, data });
    const customerId = newCustomerId();

    // Act
    const { MessageId: poisonId } = await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: await queueUrl('marketing-audience'),
        MessageBody: poison,
      }),
    );
    await publishEvent(customerRegistered(customerId));

    // Assess
    await waitForContact(customerId);
    const dead = await waitForMessage(
      clients,
      await queueUrl('marketing-audience-dlq'),
      (message) => message.Body === poison,
      { description: 'the invalid customer.registered in the DLQ', visibilityTimeout: 0 },
    );
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(3);
    const rejections = (await serviceLogs()).filter(
      (line) =>
        line['messageId'] === poisonId && String(line['message']).startsWith('Invalid event'),
    );
    expect(rejections.map((line) => line['receiveCount'])).toEqual([1, 2, 3]);
    expect(await storedContact(valid.data.customer.customerId)).toBeUndefined();
  });
});
