import { describe, expect, it } from 'vitest';
import { eventsOf, type OrderStory } from '../../tests/support/orderStories.ts';
import { orderFactFrom } from './orderFactFrom.ts';

const story: OrderStory = {
  orderId: 'ord-1',
  currency: 'GBP',
  lines: [
    { sku: 'MUG-LOGO', quantity: 2, unitPrice: 1250 },
    { sku: 'TSHIRT-RED-M', quantity: 1, unitPrice: 1999 },
  ],
  placedAt: '2026-03-01T10:00:00.000Z',
  outcome: {
    kind: 'confirmed',
    at: '2026-03-01T10:00:02.000Z',
    shippedAt: '2026-03-02T08:00:00.000Z',
  },
};

describe('orderFactFrom', () => {
  it('makes each event of the flow the fact it announces, under its UTC day', () => {
    // Prepare
    const [placed, reserved, shipped] = eventsOf(story);

    // Act
    const facts = [placed, reserved, shipped].map((event) => orderFactFrom(event!));

    // Assess
    expect(facts).toEqual([
      {
        kind: 'placed',
        orderId: 'ord-1',
        eventId: placed!.eventId,
        occurredAt: '2026-03-01T10:00:00.000Z',
        day: '2026-03-01',
      },
      {
        kind: 'confirmed',
        orderId: 'ord-1',
        eventId: reserved!.eventId,
        occurredAt: '2026-03-01T10:00:02.000Z',
        day: '2026-03-01',
        currency: 'GBP',
        total: 4499,
        lines: [
          { sku: 'MUG-LOGO', quantity: 2 },
          { sku: 'TSHIRT-RED-M', quantity: 1 },
        ],
      },
      {
        kind: 'shipped',
        orderId: 'ord-1',
        eventId: shipped!.eventId,
        occurredAt: '2026-03-02T08:00:00.000Z',
        day: '2026-03-02',
      },
    ]);
  });

  it('makes inventory.reservation-failed a rejection', () => {
    // Prepare
    const [, failed] = eventsOf({ ...story, outcome: { kind: 'rejected', at: story.placedAt } });

    // Act
    const fact = orderFactFrom(failed!);

    // Assess
    expect(fact).toEqual({
      kind: 'rejected',
      orderId: 'ord-1',
      eventId: failed!.eventId,
      occurredAt: '2026-03-01T10:00:00.000Z',
      day: '2026-03-01',
    });
  });

  it('files a time with an offset under its UTC day', () => {
    // Prepare
    const [placed] = eventsOf(story);
    const lateEvening = { ...placed!, occurredAt: '2026-03-01T23:30:00-02:00' };

    // Act
    const fact = orderFactFrom(lateEvening);

    // Assess
    expect(fact).toMatchObject({ occurredAt: '2026-03-02T01:30:00.000Z', day: '2026-03-02' });
  });

  it('keeps nothing personal: no customer, name, email or address', () => {
    // Prepare
    const events = eventsOf(story);

    // Act
    const stored = JSON.stringify(events.map((event) => orderFactFrom(event)));

    // Assess: the example customer's id, name (and so email), street, city and postcode. Not
    // "ada" alone: the event ids are random hex, which holds it now and then.
    expect(stored).not.toMatch(/cus-1001|lovelace|analytical|london|NW1/i);
  });
});
