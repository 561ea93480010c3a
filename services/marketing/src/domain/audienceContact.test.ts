import { describe, expect, it } from 'vitest';
import { buildEvent, REPLAY_WINDOW_SECONDS } from '@conveyor/event-types';
import {
  applyAudienceOrder,
  applyNewsletterSubscription,
  applyOptOut,
  applyOrderRejection,
  type AudienceContact,
  type AudienceOrder,
  isInAudience,
  type NewsletterSubscription,
  type OptOut,
  type OrderRejection,
  segmentOf,
} from './audienceContact.ts';

const order = (overrides: Partial<AudienceOrder> = {}): AudienceOrder => ({
  customerId: 'cus-1',
  orderId: 'ord-1',
  eventId: '00000000-0000-4000-8000-000000000001',
  placedAt: '2026-03-01T10:00:00.000Z',
  currency: 'EUR',
  total: 1000,
  maskedEmail: 'a***e@e***.com',
  ...overrides,
});

const subscription = (overrides: Partial<NewsletterSubscription> = {}): NewsletterSubscription => ({
  customerId: 'cus-1',
  eventId: '00000000-0000-4000-8000-0000000000a1',
  subscribedAt: '2026-02-01T08:00:00.000Z',
  maskedEmail: 'r***d@e***.com',
  ...overrides,
});

const rejection = (overrides: Partial<OrderRejection> = {}): OrderRejection => ({
  customerId: 'cus-1',
  orderId: 'ord-1',
  eventId: '00000000-0000-4000-8000-0000000000b1',
  rejectedAt: '2026-03-01T10:00:05.000Z',
  ...overrides,
});

const optOut = (at = '2026-04-01T00:00:00.000Z'): OptOut => ({
  at,
  event: buildEvent(
    {
      eventType: 'customer.unsubscribed',
      version: 1,
      aggregateId: 'cus-1',
      data: { customerId: 'cus-1' },
    },
    { now: () => new Date(at) },
  ),
  pending: true,
});

const applyAll = (orders: readonly AudienceOrder[]) =>
  orders.reduce<{ contact: AudienceContact | undefined; outcomes: string[] }>(
    (acc, next) => {
      const { outcome, contact } = applyAudienceOrder(acc.contact, next);
      return { contact, outcomes: [...acc.outcomes, outcome] };
    },
    { contact: undefined, outcomes: [] },
  );

describe('segmentOf', () => {
  it.each([
    [0, 'subscriber'],
    [1, 'new'],
    [2, 'repeat'],
    [4, 'repeat'],
    [5, 'loyal'],
    [40, 'loyal'],
  ])('puts a customer with %i orders in %s', (count, segment) => {
    // Prepare
    const orderCount = count;

    // Act
    const result = segmentOf(orderCount);

    // Assess
    expect(result).toBe(segment);
  });
});

describe('applyAudienceOrder', () => {
  it('starts a contact from a first order', () => {
    // Prepare
    const first = order();

    // Act
    const { outcome, contact } = applyAudienceOrder(undefined, first);

    // Assess
    expect(outcome).toBe('counted');
    expect(contact).toMatchObject({
      customerId: 'cus-1',
      maskedEmail: 'a***e@e***.com',
      firstOrderAt: first.placedAt,
      lastOrderAt: first.placedAt,
      orderCount: 1,
      lifetimeValue: { EUR: 1000 },
      segment: 'new',
      version: 1,
    });
    expect(Object.keys(contact.orders)).toEqual(['ord-1']);
  });

  it('adds orders up per currency, in integer minor units', () => {
    // Prepare
    const orders = [
      order(),
      order({ orderId: 'ord-2', eventId: 'e-2', total: 250, placedAt: '2026-03-02T10:00:00.000Z' }),
      order({ orderId: 'ord-3', eventId: 'e-3', currency: 'GBP', total: 999 }),
    ];

    // Act
    const { contact, outcomes } = applyAll(orders);

    // Assess
    expect(outcomes).toEqual(['counted', 'counted', 'counted']);
    expect(contact).toMatchObject({
      orderCount: 3,
      lifetimeValue: { EUR: 1250, GBP: 999 },
      segment: 'repeat',
      firstOrderAt: '2026-03-01T10:00:00.000Z',
      lastOrderAt: '2026-03-02T10:00:00.000Z',
      version: 3,
    });
  });

  it('changes nothing for a duplicate of a counted order', () => {
    // Prepare
    const { contact } = applyAll([order()]);

    // Act
    const result = applyAudienceOrder(contact, order());

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(result.contact).toBe(contact);
  });

  it('shows the masked email of the latest order, whichever arrives last', () => {
    // Prepare
    const older = order({ maskedEmail: 'o***d@e***.com', placedAt: '2026-01-01T00:00:00.000Z' });
    const newer = order({
      orderId: 'ord-2',
      eventId: 'e-2',
      maskedEmail: 'n***w@e***.com',
      placedAt: '2026-02-01T00:00:00.000Z',
    });

    // Act
    const { contact } = applyAll([newer, older]);

    // Assess
    expect(contact?.maskedEmail).toBe('n***w@e***.com');
    expect(contact?.firstOrderAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('keeps the earliest of two announcements of one order, in either arrival order', () => {
    // Prepare
    const early = order({ eventId: 'e-b', placedAt: '2026-03-01T10:00:00.000Z', total: 1000 });
    const late = order({ eventId: 'e-a', placedAt: '2026-03-01T10:05:00.000Z', total: 1200 });

    // Act
    const earlyFirst = applyAll([early, late]);
    const lateFirst = applyAll([late, early]);

    // Assess
    expect(earlyFirst.outcomes).toEqual(['counted', 'duplicate']);
    expect(lateFirst.outcomes).toEqual(['counted', 'replaced']);
    expect(earlyFirst.contact?.lifetimeValue).toEqual({ EUR: 1000 });
    expect(lateFirst.contact?.lifetimeValue).toEqual({ EUR: 1000 });
    expect(lateFirst.contact?.orderCount).toBe(1);
  });
});

describe('applyNewsletterSubscription', () => {
  it('starts a contact of a subscriber who has not ordered', () => {
    // Prepare
    const registered = subscription();

    // Act
    const { outcome, contact } = applyNewsletterSubscription(undefined, registered);

    // Assess
    expect(outcome).toBe('subscribed');
    expect(contact).toEqual({
      customerId: 'cus-1',
      maskedEmail: 'r***d@e***.com',
      orderCount: 0,
      lifetimeValue: {},
      segment: 'subscriber',
      orders: {},
      newsletter: {
        eventId: registered.eventId,
        subscribedAt: registered.subscribedAt,
        maskedEmail: 'r***d@e***.com',
      },
      version: 1,
    });
    expect(isInAudience(contact)).toBe(true);
  });

  it('adds the subscription to a contact with orders, keeping its figures and segment', () => {
    // Prepare
    const { contact: withOrder } = applyAudienceOrder(undefined, order());

    // Act
    const { outcome, contact } = applyNewsletterSubscription(withOrder, subscription());

    // Assess
    expect(outcome).toBe('subscribed');
    expect(contact).toMatchObject({ orderCount: 1, segment: 'new', lifetimeValue: { EUR: 1000 } });
    // The order (March) is later than the registration (February): its email is shown.
    expect(contact.maskedEmail).toBe('a***e@e***.com');
  });

  it('changes nothing for a duplicate, and keeps the earliest of two registrations', () => {
    // Prepare
    const early = subscription({ eventId: 'e-b', subscribedAt: '2026-02-01T08:00:00.000Z' });
    const late = subscription({ eventId: 'e-a', subscribedAt: '2026-02-02T08:00:00.000Z' });
    const { contact: subscribed } = applyNewsletterSubscription(undefined, early);

    // Act
    const duplicate = applyNewsletterSubscription(subscribed, early);
    const later = applyNewsletterSubscription(subscribed, late);
    const lateFirst = applyNewsletterSubscription(
      applyNewsletterSubscription(undefined, late).contact,
      early,
    );

    // Assess
    expect(duplicate.outcome).toBe('duplicate');
    expect(duplicate.contact).toBe(subscribed);
    expect(later.outcome).toBe('duplicate');
    expect(lateFirst.outcome).toBe('replaced');
    expect(lateFirst.contact.newsletter).toEqual(subscribed.newsletter);
  });
});

describe('applyOrderRejection', () => {
  it('takes a counted order out of the figures', () => {
    // Prepare
    const { contact: counted } = applyAll([
      order(),
      order({ orderId: 'ord-2', eventId: 'e-2', total: 250, placedAt: '2026-03-02T10:00:00.000Z' }),
    ]);

    // Act
    const { outcome, contact } = applyOrderRejection(counted, rejection({ orderId: 'ord-2' }));

    // Assess
    expect(outcome).toBe('uncounted');
    expect(contact).toMatchObject({
      orderCount: 1,
      lifetimeValue: { EUR: 1000 },
      segment: 'new',
      lastOrderAt: '2026-03-01T10:00:00.000Z',
    });
    expect(Object.keys(contact.orders)).toEqual(['ord-1']);
    expect(Object.keys(contact.rejectedOrders ?? {})).toEqual(['ord-2']);
    expect(contact.expiresAt).toBeUndefined();
  });

  it('remembers a rejection that comes first, so its order is never counted, with no figures meanwhile', () => {
    // Prepare
    const rejected = rejection();

    // Act
    const first = applyOrderRejection(undefined, rejected);
    const late = applyAudienceOrder(first.contact, order());

    // Assess
    expect(first.outcome).toBe('remembered');
    expect(isInAudience(first.contact)).toBe(false);
    expect(first.contact).toEqual({
      customerId: 'cus-1',
      orderCount: 0,
      lifetimeValue: {},
      orders: {},
      rejectedOrders: { 'ord-1': { eventId: rejected.eventId, rejectedAt: rejected.rejectedAt } },
      expiresAt: Date.parse(rejected.rejectedAt) / 1000 + REPLAY_WINDOW_SECONDS,
      version: 1,
    });
    expect(late.outcome).toBe('rejected');
    expect(late.contact).toBe(first.contact);
  });

  it('leaves a contact in the audience when the rejected order is its only one, if it subscribed', () => {
    // Prepare
    const { contact: counted } = applyNewsletterSubscription(
      applyAudienceOrder(undefined, order()).contact,
      subscription(),
    );

    // Act
    const { contact } = applyOrderRejection(counted, rejection());

    // Assess
    expect(contact).toMatchObject({ orderCount: 0, segment: 'subscriber', lifetimeValue: {} });
    expect(contact.firstOrderAt).toBeUndefined();
    expect(contact.maskedEmail).toBe('r***d@e***.com');
    expect(contact.expiresAt).toBeUndefined();
  });

  it('drops a contact from the audience when its only order is rejected', () => {
    // Prepare
    const { contact: counted } = applyAudienceOrder(undefined, order());

    // Act
    const { contact } = applyOrderRejection(counted, rejection());

    // Assess
    expect(isInAudience(contact)).toBe(false);
    expect(contact.segment).toBeUndefined();
    expect(contact.maskedEmail).toBeUndefined();
    expect(contact.expiresAt).toBeGreaterThan(0);
  });

  it('changes nothing for a duplicate', () => {
    // Prepare
    const { contact: remembered } = applyOrderRejection(undefined, rejection());

    // Act
    const result = applyOrderRejection(remembered, rejection());

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(result.contact).toBe(remembered);
  });
});

describe('applyOptOut', () => {
  it('keeps only the opt-out of a contact, and nothing adds the customer back', () => {
    // Prepare
    const { contact: full } = applyNewsletterSubscription(
      applyAudienceOrder(undefined, order()).contact,
      subscription(),
    );
    const leaving = optOut();

    // Act
    const { outcome, contact } = applyOptOut(full, 'cus-1', leaving);
    const later = [
      applyAudienceOrder(contact, order({ orderId: 'ord-9', eventId: 'e-9' })),
      applyNewsletterSubscription(contact, subscription({ eventId: 'e-10' })),
      applyOrderRejection(contact, rejection()),
    ];

    // Assess
    expect(outcome).toBe('unsubscribed');
    expect(contact).toEqual({
      customerId: 'cus-1',
      orderCount: 0,
      lifetimeValue: {},
      orders: {},
      optOut: leaving,
      version: 3,
    });
    expect(isInAudience(contact)).toBe(false);
    expect(later.map((result) => result.outcome)).toEqual(['opted-out', 'opted-out', 'opted-out']);
    for (const result of later) expect(result.contact).toBe(contact);
  });

  it('records an opt-out of a customer marketing knew nothing of', () => {
    // Prepare
    const leaving = optOut();

    // Act
    const { outcome, contact } = applyOptOut(undefined, 'cus-1', leaving);

    // Assess
    expect(outcome).toBe('unsubscribed');
    expect(contact).toMatchObject({ customerId: 'cus-1', optOut: leaving, version: 1 });
  });

  it('keeps the first opt-out, and its event, on a second one', () => {
    // Prepare
    const first = applyOptOut(undefined, 'cus-1', optOut('2026-04-01T00:00:00.000Z')).contact;

    // Act
    const second = applyOptOut(first, 'cus-1', optOut('2026-04-02T00:00:00.000Z'));

    // Assess
    expect(second.outcome).toBe('already-unsubscribed');
    expect(second.contact).toBe(first);
  });
});
