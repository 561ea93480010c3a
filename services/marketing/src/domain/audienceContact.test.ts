import { describe, expect, it } from 'vitest';
import {
  applyAudienceOrder,
  type AudienceContact,
  type AudienceOrder,
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
