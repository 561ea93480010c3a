import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { renderNotification } from './renderNotification.ts';

const ORDER_ID = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

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
    const email = renderNotification(event);

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
    const email = renderNotification(event);

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
    const email = renderNotification(event);

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
    const email = renderNotification(event);

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
});
