import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { maskEmail } from '@conveyor/lambda-toolkit';
import { describe, expect, it } from 'vitest';
import { newsletterSubscriptionFrom } from './newsletterSubscriptionFrom.ts';

const registered = (marketingOptIn: boolean) =>
  buildEvent(
    {
      eventType: 'customer.registered',
      version: 1,
      aggregateId: 'cus-1001',
      data: { ...exampleEventData['customer.registered'](), marketingOptIn },
    },
    { now: () => new Date('2026-03-01T12:30:00+02:00') },
  );

describe('newsletterSubscriptionFrom', () => {
  it('keeps the ids, the time in UTC and only a masked email', () => {
    // Prepare
    const event = registered(true);

    // Act
    const subscription = newsletterSubscriptionFrom(event, maskEmail);

    // Assess
    expect(subscription).toEqual({
      customerId: 'cus-1001',
      eventId: event.eventId,
      subscribedAt: '2026-03-01T10:30:00.000Z',
      maskedEmail: 'a***e@e***.com',
    });
    // Not /ada/: the random eventId is hexadecimal and holds "ada" in about 1 run in 140.
    expect(JSON.stringify(subscription)).not.toMatch(/lovelace/i);
  });

  it('keeps nothing of a customer who did not consent', () => {
    // Prepare
    const event = registered(false);

    // Act
    const subscription = newsletterSubscriptionFrom(event, maskEmail);

    // Assess
    expect(subscription).toBeUndefined();
  });
});
