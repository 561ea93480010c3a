// The notification consumer through the real local broker and the real local SES: events
// published on the producers' topics reach email-notifications.fifo and end up in the inbox.
import { randomUUID } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { waitFor, waitForMessage } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import {
  clients,
  mailsTo,
  newCustomer,
  notificationsDlq,
  notificationsQueue,
  orderPlaced,
  publish,
  reservationFailed,
  sentEmailsTable,
  serviceLogs,
  shipmentCreated,
  waitForDrained,
  waitForMails,
  waitForSent,
} from './support/emailTestContext.ts';

const FROM = 'orders@local.conveyor.example';

describe('onNotificationEvent', () => {
  it('mails the order confirmation for order.placed, in HTML and text, and records it', async () => {
    // Prepare
    const customer = newCustomer();
    const orderId = randomUUID();
    const event = orderPlaced(orderId, customer);

    // Act
    await publish(event);

    // Assess
    const [mail] = await waitForMails(customer.email, 1);
    expect(mail?.from).toBe(FROM);
    expect(mail?.destination.to).toEqual([customer.email]);
    expect(mail?.subject).toBe(`We have received your order ${orderId.slice(0, 8).toUpperCase()}`);
    for (const body of [mail?.body.html, mail?.body.text]) {
      expect(body).toContain('Hi Ada Lovelace,');
      expect(body).toContain(orderId);
      expect(body).toContain('Red T-shirt (M)');
      expect(body).toContain('Logo mug');
      expect(body).toContain('€52.48');
      expect(body).toContain('12 Analytical Row');
      expect(body).toContain('United Kingdom');
    }
    expect(mail?.body.html).toContain(
      '<td style="padding:8px 4px;font-weight:bold;text-align:right">€52.48</td>',
    );
    expect(mail?.body.text).toContain('Total: €52.48');
    expect(mail?.headers).toContainEqual({ name: 'X-Conveyor-Event-Id', value: event.eventId });
    const record = await waitForSent(event.eventId);
    expect(record).toMatchObject({
      eventId: event.eventId,
      eventType: 'order.placed',
      orderId,
      template: 'order-confirmation',
      messageId: mail?.messageId,
      attempts: 1,
    });
    expect(record['recipient']).not.toContain(customer.email.split('@')[0]);
    expect(record['recipient']).toMatch(/^a\*\*\*.@e\*\*\*\.com$/);
  });

  it('mails an apology naming the unavailable items for inventory.reservation-failed', async () => {
    // Prepare
    const customer = newCustomer();
    const orderId = randomUUID();
    const event = reservationFailed(orderId, customer);

    // Act
    await publish(event);

    // Assess
    const [mail] = await waitForMails(customer.email, 1);
    expect(mail?.subject).toBe(
      `Sorry, we could not fulfil your order ${orderId.slice(0, 8).toUpperCase()}`,
    );
    expect(mail?.body.html).toContain('<strong>Logo mug</strong> (MUG-LOGO)');
    expect(mail?.body.text).toContain(
      '- Logo mug (MUG-LOGO): you ordered 1 unit, none is available',
    );
    expect(await waitForSent(event.eventId)).toMatchObject({ template: 'items-unavailable' });
  });

  it('mails the shipped notice with carrier, tracking number and delivery day for shipment.created', async () => {
    // Prepare
    const customer = newCustomer();
    const orderId = randomUUID();
    const event = shipmentCreated(orderId, customer);

    // Act
    await publish(event);

    // Assess
    const [mail] = await waitForMails(customer.email, 1);
    expect(mail?.subject).toBe(`Your order ${orderId.slice(0, 8).toUpperCase()} is on its way`);
    for (const body of [mail?.body.html, mail?.body.text]) {
      expect(body).toContain('DHL');
      expect(body).toContain('JD014600006281234567');
      expect(body).toContain('Wednesday, 25 November 2026');
    }
    expect(await waitForSent(event.eventId)).toMatchObject({ template: 'shipped-notice' });
  });

  it('mails once when the same event is delivered twice', async () => {
    // Prepare
    const customer = newCustomer();
    const event = orderPlaced(randomUUID(), customer);
    const queueUrl = await notificationsQueue();

    // Act
    await publish(event, `${event.eventId}-a`);
    await publish(event, `${event.eventId}-b`);
    await waitForSent(event.eventId);
    await waitForDrained(queueUrl);

    // Assess
    expect(await mailsTo(customer.email)).toHaveLength(1);
  });

  it('mails both when shipment.created arrives before order.placed', async () => {
    // Prepare
    const customer = newCustomer();
    const orderId = randomUUID();
    const placed = orderPlaced(orderId, customer);
    const shipped = shipmentCreated(orderId, customer);

    // Act
    await publish(shipped);
    await publish(placed);

    // Assess
    const mails = await waitForMails(customer.email, 2);
    expect(mails.map((mail) => mail.subject).toSorted()).toEqual([
      `We have received your order ${orderId.slice(0, 8).toUpperCase()}`,
      `Your order ${orderId.slice(0, 8).toUpperCase()} is on its way`,
    ]);
    await waitForSent(placed.eventId);
    await waitForSent(shipped.eventId);
  });

  it('sends an invalid event to the DLQ after 3 receives, and other events are still mailed', async () => {
    // Prepare
    const [queueUrl, dlqUrl] = [await notificationsQueue(), await notificationsDlq()];
    const poison = JSON.stringify({ eventType: 'order.placed', version: 1, junk: true });
    const customer = newCustomer();

    // Act
    await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: poison,
        MessageGroupId: 'poison',
        MessageDeduplicationId: randomUUID(),
      }),
    );
    await publish(orderPlaced(randomUUID(), customer));

    // Assess
    await waitForMails(customer.email, 1);
    const dead = await waitForMessage(clients, dlqUrl, (message) => message.Body === poison, {
      description: 'the poison message in the DLQ',
    });
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(3);
  });

  it('retries while another attempt holds a live claim, and mails once its lease is over', async () => {
    // Prepare: an attempt that died mid-send left its claim, live for as long as the test says.
    const customer = newCustomer();
    const orderId = randomUUID();
    const event = orderPlaced(orderId, customer);
    const now = Date.now();
    await clients.documents.send(
      new PutCommand({
        TableName: sentEmailsTable,
        Item: {
          eventId: event.eventId,
          eventType: event.eventType,
          orderId,
          template: 'order-confirmation',
          recipient: 'a***e@e***.com',
          status: 'SENDING',
          attempts: 1,
          claimToken: 'dead-attempt',
          claimedAt: new Date(now).toISOString(),
          leaseUntil: new Date(now + 3_600_000).toISOString(),
          expiration: Math.floor(now / 1000) + 3600,
        },
      }),
    );

    // Act: a delivery meets the live claim and backs off; then the lease runs out.
    await publish(event);
    await waitFor(
      async () => {
        const lines = (await serviceLogs()).filter(
          (line) =>
            line['eventId'] === event.eventId &&
            line['message'] === 'Event failed: it will be retried' &&
            String(line['reason']).includes('being sent by another attempt'),
        );
        return lines.length > 0 ? lines : undefined;
      },
      { description: `a delivery of ${event.eventId} backing off from the live claim` },
    );
    const whileClaimed = await mailsTo(customer.email);
    await clients.documents.send(
      new UpdateCommand({
        TableName: sentEmailsTable,
        Key: { eventId: event.eventId },
        UpdateExpression: 'SET leaseUntil = :over',
        ConditionExpression: 'claimToken = :dead',
        ExpressionAttributeValues: {
          ':over': new Date(Date.now() - 1_000).toISOString(),
          ':dead': 'dead-attempt',
        },
      }),
    );

    // Assess: nothing while the claim was live; after the visibility timeout the retry takes over.
    expect(whileClaimed).toHaveLength(0);
    const record = await waitForSent(event.eventId);
    expect(record['attempts']).toBe(2);
    expect(await mailsTo(customer.email)).toHaveLength(1);
  });
});
