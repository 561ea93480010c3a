// The unsubscribe link through the real local cloud: opening it only asks; its button posts back,
// and the public route opens the token email sealed, records the opt-out on the contact, emits
// one customer.unsubscribed on marketing's own topic and answers a page; nothing the consumer
// handles later adds the customer back.
import { describe, expect, it } from 'vitest';
import {
  clickUnsubscribe,
  openUnsubscribeLink,
  refusedUnsubscribeTokens,
  storedContact,
  tapAudienceEvents,
  unsubscribeLogs,
  unsubscribeToken,
  waitForLog,
} from './support/audienceApi.ts';
import {
  getContact,
  newCustomerId,
  orderPlaced,
  publish,
  serviceOutput,
  waitForContact,
} from './support/marketingApi.ts';

describe('/audience/unsubscribe, the link in mails: its page, then its button', () => {
  it('only asks, as a link scanner or prefetcher may open it: nothing changes until its button is pressed', async () => {
    // Prepare
    const customerId = newCustomerId();
    await publish(orderPlaced(customerId));
    await waitForContact(customerId);
    const token = unsubscribeToken(customerId);

    // Act
    const page = await openUnsubscribeLink(token);
    const head = await openUnsubscribeLink(token, 'HEAD');

    // Assess
    expect(page.status).toBe(200);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(page.text).toContain('Unsubscribe from newsletters and offers?');
    expect(page.text).toContain('<form method="post">');
    expect(page.text).not.toContain(customerId);
    expect([200, 404]).toContain(head.status);
    // The route writes the opt-out before it answers: none is stored, and none was logged.
    expect(await storedContact(customerId)).not.toHaveProperty('optOut');
    expect((await getContact(customerId)).json).toHaveProperty('segment');
    expect(await unsubscribeLogs(customerId)).toEqual([]);
  });

  it('takes an audience contact out once its button is pressed, emits one customer.unsubscribed and answers a page', async () => {
    // Prepare
    const customerId = newCustomerId();
    await publish(orderPlaced(customerId));
    await waitForContact(customerId);
    const token = unsubscribeToken(customerId);
    const tap = await tapAudienceEvents();

    // Act
    const page = await clickUnsubscribe(token);

    // Assess
    expect(page.status).toBe(200);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.text).toContain('You are unsubscribed');
    expect(page.text).not.toContain(customerId);
    const events = await tap.received();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventType: 'customer.unsubscribed',
      version: 1,
      source: 'marketing',
      aggregateId: customerId,
      data: { customerId },
    });
    const contact = await getContact(customerId);
    expect(contact.status).toBe(200);
    expect(contact.json).toEqual({ customerId, unsubscribedAt: events[0]?.occurredAt });
    const stored = await storedContact(customerId);
    expect(stored).toMatchObject({ orderCount: 0, orders: {}, optOut: { event: events[0] } });
    expect(stored?.['publishState']).toBeUndefined();
    expect(await serviceOutput()).not.toContain(token);
    await tap.close();
  });

  it('answers a second press of the button with the same page and emits nothing more', async () => {
    // Prepare
    const customerId = newCustomerId();
    const token = unsubscribeToken(customerId);
    const tap = await tapAudienceEvents();
    await clickUnsubscribe(token);
    const [first] = await tap.received();

    // Act
    const again = await clickUnsubscribe(token);

    // Assess
    expect(again.status).toBe(200);
    expect(again.text).toContain('You are unsubscribed');
    // Whatever a click publishes is on the topic before its page is answered.
    expect(await tap.received()).toHaveLength(1);
    const outcomes = (await unsubscribeLogs(customerId)).map((line) => [
      line['outcome'],
      line['eventId'],
      line['published'],
    ]);
    expect(outcomes).toEqual([
      ['unsubscribed', first?.eventId, true],
      ['already-unsubscribed', first?.eventId, true],
    ]);
    await tap.close();
  });

  it('records the opt-out of a customer marketing has no contact for, and a later order does not add them', async () => {
    // Prepare
    const customerId = newCustomerId();
    const order = orderPlaced(customerId);

    // Act
    const page = await clickUnsubscribe(unsubscribeToken(customerId));
    await publish(order);

    // Assess
    expect(page.status).toBe(200);
    const [handled] = await waitForLog(order.eventId, 'Audience contact updated');
    expect(handled).toMatchObject({ outcome: 'opted-out', orderCount: 0 });
    const contact = await getContact(customerId);
    expect(Object.keys(contact.json)).toEqual(['customerId', 'unsubscribedAt']);
    expect(await storedContact(customerId)).toMatchObject({ orders: {}, orderCount: 0 });
  });

  it.each(refusedUnsubscribeTokens())(
    'answers 400 problem+json for %s',
    async (_case, token, detail) => {
      // Prepare
      const link = token;

      // Act
      const response = await clickUnsubscribe(link);

      // Assess
      expect(response.status).toBe(400);
      expect(response.contentType).toBe('application/problem+json');
      expect(JSON.parse(response.text)).toMatchObject({
        status: 400,
        detail,
        errors: [{ parameter: 'token', detail }],
      });
    },
  );
});
