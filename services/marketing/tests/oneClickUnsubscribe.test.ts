// RFC 8058 one-click unsubscribe through the real local cloud: a mail client POSTs the form
// List-Unsubscribe=One-Click to the link email put in List-Unsubscribe. It records the same
// opt-out as the GET, emits one customer.unsubscribed however often it comes, answers a line of
// text (never a redirect), and refuses a bad token or a body that is not the one-click form.
import { describe, expect, it } from 'vitest';
import {
  clickUnsubscribe,
  oneClickForm,
  postOneClickUnsubscribe,
  refusedUnsubscribeTokens,
  storedContact,
  tapAudienceEvents,
  unsubscribeLogs,
  unsubscribeToken,
} from './support/audienceApi.ts';
import {
  getContact,
  newCustomerId,
  orderPlaced,
  publish,
  serviceOutput,
  waitForContact,
} from './support/marketingApi.ts';

const multipartForm = () => {
  const form = new FormData();
  form.append('List-Unsubscribe', 'One-Click');
  return form;
};

describe('POST /audience/unsubscribe (RFC 8058 one-click)', () => {
  it('takes an audience contact out, emits one customer.unsubscribed and answers 200 text', async () => {
    // Prepare
    const customerId = newCustomerId();
    await publish(orderPlaced(customerId));
    await waitForContact(customerId);
    const token = unsubscribeToken(customerId);
    const tap = await tapAudienceEvents();

    // Act
    const answer = await postOneClickUnsubscribe(token);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('text/plain; charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('location')).toBeNull();
    expect(answer.text).toBe('Unsubscribed\n');
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
    expect(contact.json).toEqual({ customerId, unsubscribedAt: events[0]?.occurredAt });
    const stored = await storedContact(customerId);
    expect(stored).toMatchObject({ orderCount: 0, orders: {}, optOut: { event: events[0] } });
    expect(stored?.['publishState']).toBeUndefined();
    expect(await serviceOutput()).not.toContain(token);
    await tap.close();
  });

  it('takes the multipart form RFC 8058 recommends, as mail clients base64 it through the API', async () => {
    // Prepare
    const customerId = newCustomerId();
    const tap = await tapAudienceEvents();

    // Act
    const answer = await postOneClickUnsubscribe(unsubscribeToken(customerId), {
      body: multipartForm(),
    });

    // Assess
    expect(answer.status).toBe(200);
    const events = await tap.received();
    expect(events.map((event) => event.aggregateId)).toEqual([customerId]);
    expect(await storedContact(customerId)).toMatchObject({ optOut: { event: events[0] } });
    await tap.close();
  });

  it('answers a repeated one-click, and a later link click, the same way and emits nothing more', async () => {
    // Prepare
    const customerId = newCustomerId();
    const token = unsubscribeToken(customerId);
    const tap = await tapAudienceEvents();
    await postOneClickUnsubscribe(token);
    const [first] = await tap.received();

    // Act
    const again = await postOneClickUnsubscribe(token);
    const page = await clickUnsubscribe(token);

    // Assess
    expect(again.status).toBe(200);
    expect(again.text).toBe('Unsubscribed\n');
    expect(page.status).toBe(200);
    expect(page.text).toContain('You are unsubscribed');
    // Whatever a request publishes is on the topic before it is answered.
    expect(await tap.received()).toHaveLength(1);
    const lines = await unsubscribeLogs(customerId);
    const outcomes = lines.map((line) => [line['route'], line['outcome'], line['eventId']]);
    expect(outcomes).toEqual([
      ['POST /audience/unsubscribe', 'unsubscribed', first?.eventId],
      ['POST /audience/unsubscribe', 'already-unsubscribed', first?.eventId],
      // The link's page, its button pressed: a POST from a browser, answered with a page.
      ['POST /audience/unsubscribe', 'already-unsubscribed', first?.eventId],
    ]);
    // Keyed as the event, which `npm run trace -- <customerId>` finds them by: the first click's
    // correlation id, a fresh one (serverless offline gives every request the same request id).
    const correlationId = first?.metadata.correlationId;
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    for (const line of lines) {
      expect(line).toMatchObject({ aggregateId: customerId, correlationId });
    }
    await tap.close();
  });

  it.each(refusedUnsubscribeTokens())(
    'answers 400 problem+json for %s',
    async (_case, token, detail) => {
      // Prepare
      const link = token;

      // Act
      const response = await postOneClickUnsubscribe(link);

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

  it.each([
    ['no body', {}],
    ['another value', { body: new URLSearchParams({ 'List-Unsubscribe': 'Yes' }) }],
    ['another field', { body: new URLSearchParams({ unsubscribe: 'One-Click' }) }],
    [
      'the form as plain text',
      { body: oneClickForm().toString(), headers: { 'content-type': 'text/plain' } },
    ],
    [
      'the pair as JSON',
      {
        body: JSON.stringify({ 'List-Unsubscribe': 'One-Click' }),
        headers: { 'content-type': 'application/json' },
      },
    ],
  ])('answers 400 problem+json for %s, and records and emits nothing', async (_case, request) => {
    // Prepare
    const customerId = newCustomerId();
    const tap = await tapAudienceEvents();

    // Act
    const response = await postOneClickUnsubscribe(unsubscribeToken(customerId), request);

    // Assess
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect(JSON.parse(response.text)).toMatchObject({
      status: 400,
      detail: expect.stringContaining('List-Unsubscribe=One-Click') as unknown,
    });
    expect(await storedContact(customerId)).toBeUndefined();
    expect(await tap.received()).toEqual([]);
    await tap.close();
  });
});
