import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { maskEmail } from '@conveyor/lambda-toolkit';
import { describe, expect, it } from 'vitest';
import { audienceOrderFrom } from './audienceOrderFrom.ts';

const placed = (marketingOptIn: boolean) =>
  buildEvent(
    {
      eventType: 'order.placed',
      version: 1,
      aggregateId: 'ord-9',
      data: { ...exampleEventData['order.placed'](), marketingOptIn },
    },
    { now: () => new Date('2026-03-01T12:30:00+02:00') },
  );

describe('audienceOrderFrom', () => {
  it('keeps the ids, the time in UTC, the total and only a masked email', () => {
    // Prepare
    const event = placed(true);

    // Act
    const order = audienceOrderFrom(event, maskEmail);

    // Assess
    expect(order).toEqual({
      customerId: 'cus-1001',
      orderId: 'ord-9',
      eventId: event.eventId,
      placedAt: '2026-03-01T10:30:00.000Z',
      currency: 'EUR',
      total: 5248,
      maskedEmail: 'a***e@e***.com',
    });
    expect(JSON.stringify(order)).not.toContain('lovelace');
  });

  it('keeps nothing of a customer who did not opt in', () => {
    // Prepare
    const event = placed(false);

    // Act
    const order = audienceOrderFrom(event, maskEmail);

    // Assess
    expect(order).toBeUndefined();
  });
});
