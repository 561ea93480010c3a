// The welcome mail through the real local broker and SES: customer.registered published on
// checkout's customer-events.fifo reaches email-notifications.fifo (topology stage 2) and ends up
// in the inbox, once per registration and once per customer.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { openSealedToken } from '@conveyor/lambda-toolkit';
import { waitForMessage } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import {
  clients,
  customerRegistered,
  getSentEmail,
  LOCAL_UNSUBSCRIBE_TOKEN_SECRET,
  mailsTo,
  newCustomer,
  notificationsDlq,
  notificationsQueue,
  orderPlaced,
  publish,
  unsubscribeLinksOf,
  waitForDrained,
  waitForHandled,
  waitForMails,
  waitForSent,
} from './support/emailTestContext.ts';

const tokenOf = (link: string | undefined): string =>
  new URL(link ?? 'http://missing.invalid/').searchParams.get('token') ?? '';

describe('onNotificationEvent: customer.registered', () => {
  it('welcomes a customer who consented, with the unsubscribe link, and records it', async () => {
    // Prepare
    const customer = newCustomer();
    const event = customerRegistered(customer, true);

    // Act
    await publish(event);

    // Assess
    const [mail] = await waitForMails(customer.email, 1);
    expect(mail?.from).toBe('orders@local.conveyor.example');
    expect(mail?.subject).toBe('Welcome to Conveyor');
    for (const body of [mail?.body.html, mail?.body.text]) {
      expect(body).toContain('Hi Ada Lovelace,');
      expect(body).toContain('You also signed up for our newsletter');
    }
    const links = unsubscribeLinksOf(mail);
    expect(links.text).toMatch(/^http:\/\/127\.0\.0\.1:3005\/audience\/unsubscribe\?token=/);
    expect(links.html).toBe(links.text);
    expect(links.header).toBe(`<${String(links.text)}>`);
    expect(links.oneClick).toBe('List-Unsubscribe=One-Click');
    expect(
      openSealedToken(tokenOf(links.text), {
        secret: LOCAL_UNSUBSCRIBE_TOKEN_SECRET,
        purpose: 'unsubscribe',
      }),
    ).toEqual({ customerId: customer.customerId });
    const record = await waitForSent(event.eventId);
    expect(record).toMatchObject({
      eventId: event.eventId,
      eventType: 'customer.registered',
      customerId: customer.customerId,
      template: 'welcome',
      messageId: mail?.messageId,
      attempts: 1,
    });
    expect(record).not.toHaveProperty('orderId');
  });

  it('welcomes a customer who did not consent, without newsletter and without the link', async () => {
    // Prepare
    const customer = newCustomer();
    const event = customerRegistered(customer, false);

    // Act
    await publish(event);

    // Assess
    const [mail] = await waitForMails(customer.email, 1);
    expect(mail?.subject).toBe('Welcome to Conveyor');
    expect(mail?.body.text).toContain('We will only write to you about your orders');
    expect(unsubscribeLinksOf(mail)).toEqual({
      text: undefined,
      html: undefined,
      header: undefined,
      oneClick: undefined,
    });
    await waitForSent(event.eventId);
  });

  it('welcomes once when the same registration is delivered twice', async () => {
    // Prepare
    const customer = newCustomer();
    const event = customerRegistered(customer, true);
    const queueUrl = await notificationsQueue();

    // Act
    await publish(event, `${event.eventId}-a`);
    await publish(event, `${event.eventId}-b`);
    await waitForSent(event.eventId);
    await waitForDrained(queueUrl);

    // Assess
    expect(await mailsTo(customer.email)).toHaveLength(1);
  });

  it('welcomes once when the same customer is registered again under a new event id', async () => {
    // Prepare
    const customer = newCustomer();
    const first = customerRegistered(customer, true);
    const again = customerRegistered(customer, true);

    // Act
    await publish(first);
    await publish(again);
    const handledAgain = await waitForHandled(again.eventId);
    await waitForSent(first.eventId);

    // Assess
    expect(handledAgain).toMatchObject({
      outcome: 'already-welcomed',
      template: 'welcome',
      welcomedBy: first.eventId,
    });
    expect(await mailsTo(customer.email)).toHaveLength(1);
    expect((await getSentEmail(again.eventId)).status).toBe(404);
  });

  it('mails both when the registration arrives after the customer ordered', async () => {
    // Prepare
    const customer = newCustomer();
    const orderId = randomUUID();
    const placed = orderPlaced(orderId, customer);
    const registered = customerRegistered(customer, true);

    // Act
    await publish(placed);
    await waitForSent(placed.eventId);
    await publish(registered);

    // Assess
    const mails = await waitForMails(customer.email, 2);
    expect(mails.map((mail) => mail.subject).toSorted()).toEqual([
      `We have received your order ${orderId.slice(0, 8).toUpperCase()}`,
      'Welcome to Conveyor',
    ]);
    expect(await waitForSent(registered.eventId)).toMatchObject({ template: 'welcome' });
  });

  it('sends an invalid registration to the DLQ after 3 receives, and other customers are still welcomed', async () => {
    // Prepare
    const [queueUrl, dlqUrl] = [await notificationsQueue(), await notificationsDlq()];
    const broken = newCustomer();
    const { marketingOptIn: _withoutConsent, ...data } = customerRegistered(broken, true).data;
    const poison = JSON.stringify({ ...customerRegistered(broken, true), data });
    const customer = newCustomer();

    // Act
    await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: poison,
        MessageGroupId: broken.customerId,
        MessageDeduplicationId: randomUUID(),
      }),
    );
    await publish(customerRegistered(customer, false));

    // Assess
    await waitForMails(customer.email, 1);
    const dead = await waitForMessage(clients, dlqUrl, (message) => message.Body === poison, {
      description: 'the invalid customer.registered in the DLQ',
    });
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(3);
    expect(await mailsTo(broken.email)).toEqual([]);
  });
});
