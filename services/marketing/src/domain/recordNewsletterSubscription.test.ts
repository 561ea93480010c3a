import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { maskEmail } from '@conveyor/lambda-toolkit';
import { describe, expect, it } from 'vitest';
import {
  crashingAfterWrite,
  inMemoryContactStore,
} from '../../tests/support/inMemoryContactStore.ts';
import type { NewsletterSubscription } from './audienceContact.ts';
import { newsletterSubscriptionFrom } from './newsletterSubscriptionFrom.ts';
import { recordNewsletterSubscription } from './recordNewsletterSubscription.ts';

const subscription = (): NewsletterSubscription => {
  const event = buildEvent(
    {
      eventType: 'customer.registered',
      version: 1,
      aggregateId: 'cus-1001',
      data: { ...exampleEventData['customer.registered'](), marketingOptIn: true },
    },
    { now: () => new Date('2026-03-01T12:30:00Z') },
  );
  const subscribed = newsletterSubscriptionFrom(event, maskEmail);
  if (subscribed === undefined) throw new Error('expected a consenting registration');
  return subscribed;
};

// No eventId idempotency guards this step: the contact's facts alone must absorb redeliveries.
describe('recordNewsletterSubscription', () => {
  it('subscribes a new customer with one write', async () => {
    // Prepare
    const store = inMemoryContactStore();

    // Act
    const result = await recordNewsletterSubscription(subscription(), store);

    // Assess
    expect(result).toEqual({
      outcome: 'subscribed',
      customerId: 'cus-1001',
      orderCount: 0,
      segment: 'subscriber',
      attempts: 1,
    });
    expect(store.stats.writes).toBe(1);
  });

  it('writes nothing for a second delivery of the same event', async () => {
    // Prepare
    const store = inMemoryContactStore();
    const registered = subscription();
    await recordNewsletterSubscription(registered, store);

    // Act
    const result = await recordNewsletterSubscription(registered, store);

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(store.stats.writes).toBe(1);
  });

  it('writes nothing when redelivered after a crash that followed its write', async () => {
    // Prepare
    const store = inMemoryContactStore();
    const registered = subscription();
    await expect(
      recordNewsletterSubscription(registered, crashingAfterWrite(store)),
    ).rejects.toThrow('stopped after the write');

    // Act
    const result = await recordNewsletterSubscription(registered, store);

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(store.stats.writes).toBe(1);
    expect(store.contacts.get('cus-1001')).toMatchObject({
      newsletter: { eventId: registered.eventId },
      version: 1,
    });
  });

  it('subscribes once when copies are handled in parallel, as one batch runs them', async () => {
    // Prepare
    const store = inMemoryContactStore();
    const registered = subscription();

    // Act
    const results = await Promise.all(
      [registered, registered, registered].map((s) => recordNewsletterSubscription(s, store)),
    );

    // Assess
    expect(results.map((r) => r.outcome).toSorted()).toEqual([
      'duplicate',
      'duplicate',
      'subscribed',
    ]);
    expect(store.stats.writes).toBe(1);
  });
});
