import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { renderNotification } from './renderNotification.ts';

const ORDER_ID = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const deps = {
  unsubscribeLinkFor: (customerId: string) =>
    `https://api.test/audience/unsubscribe?token=sealed-${customerId}&x=<y>`,
};
const UNSUBSCRIBE_TEXT = 'https://api.test/audience/unsubscribe?token=sealed-cus-1001&x=<y>';
const UNSUBSCRIBE_HTML =
  'https://api.test/audience/unsubscribe?token=sealed-cus-1001&amp;x=&lt;y&gt;';

const shipped = (carrier: string, trackingNumber: string) =>
  buildEvent({
    eventType: 'shipment.created',
    version: 1,
    aggregateId: ORDER_ID,
    data: { ...exampleEventData['shipment.created'](), carrier, trackingNumber },
  });

const registered = (marketingOptIn: boolean) =>
  buildEvent({
    eventType: 'customer.registered',
    version: 1,
    aggregateId: 'cus-1001',
    data: { ...exampleEventData['customer.registered'](), marketingOptIn },
  });

describe('renderNotification', () => {
  it('renders the order confirmation with every line, the total and the address', () => {
    // Prepare
    const event = buildEvent({
      eventType: 'order.placed',
      version: 1,
      aggregateId: ORDER_ID,
      data: exampleEventData['order.placed'](),
    });

    // Act
    const email = renderNotification(event, deps);

    // Assess
    expect(email.template).toBe('order-confirmation');
    expect(email.to).toBe('ada.lovelace@example.com');
    expect(email.subject).toBe('We have received your order 3F2A9C1E');
    for (const body of [email.html, email.text]) {
      expect(body).toContain('Hi Ada Lovelace,');
      expect(body).toContain(ORDER_ID);
      expect(body).toContain('Red T-shirt (M)');
      expect(body).toContain('TSHIRT-RED-M');
      expect(body).toContain('€19.99');
      expect(body).toContain('€39.98');
      expect(body).toContain('Logo mug');
      expect(body).toContain('€12.50');
      expect(body).toContain('€52.48');
      expect(body).toContain('12 Analytical Row');
      expect(body).toContain('NW1 6XE London');
      expect(body).toContain('United Kingdom');
    }
    expect(email.text).toContain('- 2 × Red T-shirt (M) (TSHIRT-RED-M) at €19.99: €39.98');
    expect(email.text).toContain('Total: €52.48');
    expect(email.html).toMatch(/^<!doctype html>/);
  });

  it('escapes customer data in the HTML body and keeps it verbatim in the text body', () => {
    // Prepare
    const data = exampleEventData['order.placed']();
    data.customer.name = 'Ada <img src=x onerror=alert(1)> & Co';
    data.shippingAddress.line1 = '12 "Analytical" Row';
    const event = buildEvent({
      eventType: 'order.placed',
      version: 1,
      aggregateId: ORDER_ID,
      data,
    });

    // Act
    const email = renderNotification(event, deps);

    // Assess
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('Ada &lt;img src=x onerror=alert(1)&gt; &amp; Co');
    expect(email.html).toContain('12 &quot;Analytical&quot; Row');
    expect(email.text).toContain('Hi Ada <img src=x onerror=alert(1)> & Co,');
  });

  it('renders the apology naming every unavailable item', () => {
    // Prepare
    const data = exampleEventData['inventory.reservation-failed']();
    data.shortfalls.push({
      sku: 'TSHIRT-RED-M',
      name: 'Red T-shirt (M)',
      requested: 3,
      available: 1,
    });
    const event = buildEvent({
      eventType: 'inventory.reservation-failed',
      version: 1,
      aggregateId: ORDER_ID,
      data,
    });

    // Act
    const email = renderNotification(event, deps);

    // Assess
    expect(email.template).toBe('items-unavailable');
    expect(email.to).toBe('ada.lovelace@example.com');
    expect(email.subject).toBe('Sorry, we could not fulfil your order 3F2A9C1E');
    expect(email.text).toContain('- Logo mug (MUG-LOGO): you ordered 1 unit, none is available');
    expect(email.text).toContain(
      '- Red T-shirt (M) (TSHIRT-RED-M): you ordered 3 units, only 1 unit is available',
    );
    expect(email.html).toContain('<strong>Logo mug</strong> (MUG-LOGO)');
    expect(email.html).toContain('<strong>Red T-shirt (M)</strong> (TSHIRT-RED-M)');
  });

  it('renders the shipped notice with carrier, tracking number and delivery day', () => {
    // Prepare
    const event = buildEvent({
      eventType: 'shipment.created',
      version: 1,
      aggregateId: ORDER_ID,
      data: exampleEventData['shipment.created'](),
    });

    // Act
    const email = renderNotification(event, deps);

    // Assess
    expect(email.template).toBe('shipped-notice');
    expect(email.subject).toBe('Your order 3F2A9C1E is on its way');
    for (const body of [email.html, email.text]) {
      expect(body).toContain('DHL');
      expect(body).toContain('JD014600006281234567');
      expect(body).toContain('Wednesday, 25 November 2026');
      expect(body).toContain('NW1 6XE London');
    }
    expect(email.text).toContain('Tracking number: JD014600006281234567');
  });
  it('puts the unsubscribe link in both bodies of an order confirmation whose customer consented', () => {
    // Prepare
    const event = buildEvent({
      eventType: 'order.placed',
      version: 1,
      aggregateId: ORDER_ID,
      data: exampleEventData['order.placed'](),
    });

    // Act
    const email = renderNotification(event, deps);

    // Assess
    expect(email.unsubscribeUrl).toBe(UNSUBSCRIBE_TEXT);
    expect(email.text).toContain(
      `You agreed to receive news and offers from Conveyor. To stop them, unsubscribe: ${UNSUBSCRIBE_TEXT}`,
    );
    expect(email.html).toContain(`<a href="${UNSUBSCRIBE_HTML}"`);
    expect(email.html).toContain('>Unsubscribe</a>');
  });

  it('leaves the unsubscribe link out of an order confirmation without consent', () => {
    // Prepare
    const event = buildEvent({
      eventType: 'order.placed',
      version: 1,
      aggregateId: ORDER_ID,
      data: { ...exampleEventData['order.placed'](), marketingOptIn: false },
    });

    // Act
    const email = renderNotification(event, deps);

    // Assess
    expect(email).not.toHaveProperty('unsubscribeUrl');
    for (const body of [email.html, email.text]) {
      expect(body).not.toContain('unsubscribe');
      expect(body).not.toContain('Unsubscribe');
      expect(body).toContain('You receive this mail because you ordered from Conveyor.');
    }
  });

  it('leaves the unsubscribe link out of the transactional mails', () => {
    // Prepare
    const events = [
      buildEvent({
        eventType: 'inventory.reservation-failed',
        version: 1,
        aggregateId: ORDER_ID,
        data: exampleEventData['inventory.reservation-failed'](),
      }),
      shipped('DHL', 'JD014600006281234567'),
    ];

    // Act
    const emails = events.map((event) => renderNotification(event, deps));

    // Assess
    for (const email of emails) {
      expect(email).not.toHaveProperty('unsubscribeUrl');
      expect(email.text).not.toContain('unsubscribe');
      expect(email.html).not.toContain('Unsubscribe');
    }
  });

  it('welcomes a customer who consented, announcing the newsletter with the unsubscribe link', () => {
    // Act
    const email = renderNotification(registered(true), deps);

    // Assess
    expect(email.template).toBe('welcome');
    expect(email.to).toBe('ada.lovelace@example.com');
    expect(email.subject).toBe('Welcome to Conveyor');
    expect(email.unsubscribeUrl).toBe(UNSUBSCRIBE_TEXT);
    for (const body of [email.html, email.text]) {
      expect(body).toContain('Hi Ada Lovelace,');
      expect(body).toContain('Thank you for registering.');
      expect(body).toContain('You also signed up for our newsletter');
      expect(body).toContain('You receive this mail because you registered with Conveyor.');
    }
    expect(email.text).toContain(`unsubscribe: ${UNSUBSCRIBE_TEXT}`);
    expect(email.html).toContain(`<a href="${UNSUBSCRIBE_HTML}"`);
  });

  it('welcomes a customer who did not consent without newsletter and without the link', () => {
    // Act
    const email = renderNotification(registered(false), deps);

    // Assess
    expect(email.template).toBe('welcome');
    expect(email).not.toHaveProperty('unsubscribeUrl');
    for (const body of [email.html, email.text]) {
      expect(body).toContain('We will only write to you about your orders');
      expect(body).not.toContain('newsletter');
      expect(body).not.toContain('unsubscribe');
      expect(body).not.toContain('Unsubscribe');
    }
  });

  it.each([
    [
      'ROYAL_MAIL',
      'AB123456785GB',
      'Royal Mail',
      'https://www.royalmail.com/track-your-item#/tracking-results/AB123456785GB',
    ],
    [
      'DHL',
      'JD014600006281234567',
      'DHL',
      'https://www.dhl.com/gb-en/home/tracking.html?tracking-id=JD014600006281234567&submit=1',
    ],
    [
      'UPS',
      '1Z8W72K41112345678',
      'UPS',
      'https://www.ups.com/track?loc=en_GB&tracknum=1Z8W72K41112345678',
    ],
  ])('names carrier %s as people know it, with its tracking link', (code, number, name, url) => {
    // Act
    const email = renderNotification(shipped(code, number), deps);

    // Assess
    expect(email.text).toContain(`Carrier: ${name}\n`);
    expect(email.text).toContain(`Track your parcel: ${url}`);
    expect(email.html).toContain(`<strong>${name}</strong>`);
    expect(email.html).toContain(`<a href="${url.replaceAll('&', '&amp;')}"`);
    if (code !== name) {
      expect(email.text).not.toContain(code);
      expect(email.html).not.toContain(code);
    }
  });

  it('shows an unknown carrier code as it is, without a tracking link', () => {
    // Act
    const email = renderNotification(shipped('PIGEON_POST', 'PP-42'), deps);

    // Assess
    expect(email.text).toContain('Carrier: PIGEON_POST\n');
    expect(email.text).toContain('Tracking number: PP-42\n');
    expect(email.text).not.toContain('Track your parcel');
    expect(email.html).toContain('<strong>PIGEON_POST</strong>');
    expect(email.html).not.toContain('Track your parcel');
  });
});
