// What the customer reads, through the real local broker and SES: the unsubscribe link in the
// mails marketing consent allows (both bodies, the List-Unsubscribe header with the one-click
// List-Unsubscribe-Post, a token that opens to the customer id), none in the others, and the
// carrier by its name with a link.
import { randomUUID } from 'node:crypto';
import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { openSealedToken } from '@conveyor/lambda-toolkit';
import { describe, expect, it } from 'vitest';
import {
  LOCAL_UNSUBSCRIBE_TOKEN_SECRET,
  newCustomer,
  orderPlaced,
  publish,
  reservationFailed,
  unsubscribeLinksOf,
  waitForMails,
  waitForSent,
} from './support/emailTestContext.ts';

const tokenOf = (link: string | undefined): string =>
  new URL(link ?? 'http://missing.invalid/').searchParams.get('token') ?? '';

describe('mails a customer reads', () => {
  it('puts the unsubscribe link in the order confirmation of a customer who consented', async () => {
    // Prepare
    const customer = newCustomer();
    const event = orderPlaced(randomUUID(), customer);

    // Act
    await publish(event);

    // Assess
    const [mail] = await waitForMails(customer.email, 1);
    const links = unsubscribeLinksOf(mail);
    expect(links.text).toMatch(/^http:\/\/127\.0\.0\.1:3005\/audience\/unsubscribe\?token=/);
    expect(links.html).toBe(links.text);
    expect(links.header).toBe(`<${String(links.text)}>`);
    expect(links.oneClick).toBe('List-Unsubscribe=One-Click');
    expect(links.text).not.toContain(customer.customerId);
    expect(
      openSealedToken(tokenOf(links.text), {
        secret: LOCAL_UNSUBSCRIBE_TOKEN_SECRET,
        purpose: 'unsubscribe',
      }),
    ).toEqual({ customerId: customer.customerId });
    await waitForSent(event.eventId);
  });

  it('leaves the link out of the order confirmation without consent and of the apology', async () => {
    // Prepare
    const customer = newCustomer();
    const orderId = randomUUID();
    const placed = buildEvent({
      eventType: 'order.placed',
      version: 1,
      aggregateId: orderId,
      data: { ...exampleEventData['order.placed'](), customer, marketingOptIn: false },
    });
    const failed = reservationFailed(orderId, customer);

    // Act
    await publish(placed);
    await publish(failed);

    // Assess
    const mails = await waitForMails(customer.email, 2);
    for (const mail of mails) {
      expect(unsubscribeLinksOf(mail)).toEqual({
        text: undefined,
        html: undefined,
        header: undefined,
        oneClick: undefined,
      });
      expect(mail.body.text).not.toContain('unsubscribe');
    }
  });

  it('names the carrier as people know it in the shipped notice, with its tracking link', async () => {
    // Prepare
    const customer = newCustomer();
    const orderId = randomUUID();
    const event = buildEvent({
      eventType: 'shipment.created',
      version: 1,
      aggregateId: orderId,
      data: {
        ...exampleEventData['shipment.created'](),
        customer,
        carrier: 'ROYAL_MAIL',
        trackingNumber: 'AB123456785GB',
      },
    });
    const tracking = 'https://www.royalmail.com/track-your-item#/tracking-results/AB123456785GB';

    // Act
    await publish(event);

    // Assess
    const [mail] = await waitForMails(customer.email, 1);
    expect(mail?.body.text).toContain('Carrier: Royal Mail\n');
    expect(mail?.body.text).toContain(`Track your parcel: ${tracking}`);
    expect(mail?.body.html).toContain('<strong>Royal Mail</strong>');
    expect(mail?.body.html).toContain(`<a href="${tracking}"`);
    expect(mail?.body.text).not.toContain('ROYAL_MAIL');
    expect(mail?.body.html).not.toContain('ROYAL_MAIL');
    expect(unsubscribeLinksOf(mail)).toEqual({
      text: undefined,
      html: undefined,
      header: undefined,
      oneClick: undefined,
    });
  });
});
