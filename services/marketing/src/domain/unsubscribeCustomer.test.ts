import type { CustomerUnsubscribedV1 } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { inMemoryContactStore } from '../../tests/support/inMemoryContactStore.ts';
import { applyAudienceOrder } from './audienceContact.ts';
import { unsubscribeCustomer, type UnsubscribeDeps } from './unsubscribeCustomer.ts';

/** The in-memory store, with a publisher that records what it sends and may be told to fail. */
const harness = () => {
  const store = inMemoryContactStore();
  const published: CustomerUnsubscribedV1[] = [];
  const failures: string[] = [];
  const state = { publishFails: false, markFails: false };
  const deps: UnsubscribeDeps = {
    ...store,
    publishEvent: async (event) => {
      await Promise.resolve();
      if (state.publishFails) throw new Error('topic unavailable');
      published.push(event);
    },
    markOptOutPublished: async (customerId) => {
      if (state.markFails) throw new Error('table unavailable');
      await store.markOptOutPublished(customerId);
    },
    onPublishFailed: (customerId, eventId) => failures.push(`${customerId}:${eventId}`),
    now: () => new Date('2026-04-01T09:00:00.000Z'),
  };
  return { store, published, failures, state, deps };
};

describe('unsubscribeCustomer', () => {
  it('records the opt-out, publishes one customer.unsubscribed and clears the pending mark', async () => {
    // Prepare
    const { store, published, deps } = harness();
    await store.saveContact(
      applyAudienceOrder(undefined, {
        customerId: 'cus-1',
        orderId: 'ord-1',
        eventId: 'e-1',
        placedAt: '2026-03-01T10:00:00.000Z',
        currency: 'EUR',
        total: 1000,
        maskedEmail: 'a***e@e***.com',
      }).contact,
      0,
    );

    // Act
    const result = await unsubscribeCustomer({ customerId: 'cus-1', correlationId: 'req-1' }, deps);

    // Assess
    expect(result).toMatchObject({
      outcome: 'unsubscribed',
      customerId: 'cus-1',
      correlationId: 'req-1',
      published: true,
    });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      eventId: result.eventId,
      eventType: 'customer.unsubscribed',
      source: 'marketing',
      aggregateId: 'cus-1',
      occurredAt: '2026-04-01T09:00:00.000Z',
      metadata: { correlationId: 'req-1', userId: 'cus-1' },
      data: { customerId: 'cus-1' },
    });
    expect(store.contacts.get('cus-1')).toMatchObject({
      orders: {},
      orderCount: 0,
      optOut: { at: '2026-04-01T09:00:00.000Z', pending: false, event: published[0] },
    });
  });

  it('records the opt-out of a customer it has no contact for', async () => {
    // Prepare
    const { store, published, deps } = harness();

    // Act
    const result = await unsubscribeCustomer(
      { customerId: 'cus-new', correlationId: 'req-1' },
      deps,
    );

    // Assess
    expect(result.outcome).toBe('unsubscribed');
    expect(published.map((event) => event.aggregateId)).toEqual(['cus-new']);
    expect(store.contacts.get('cus-new')?.optOut?.event.eventId).toBe(result.eventId);
  });

  it('answers a second click with the first opt-out and publishes nothing new', async () => {
    // Prepare
    const { store, published, deps } = harness();
    const first = await unsubscribeCustomer({ customerId: 'cus-1', correlationId: 'req-1' }, deps);

    // Act
    const second = await unsubscribeCustomer({ customerId: 'cus-1', correlationId: 'req-2' }, deps);

    // Assess
    expect(second).toMatchObject({
      outcome: 'already-unsubscribed',
      eventId: first.eventId,
      // The first click's flow: the event it recorded.
      correlationId: 'req-1',
      published: true,
    });
    expect(published.map((event) => event.eventId)).toEqual([first.eventId]);
    expect(store.stats.writes).toBe(1);
  });

  it('keeps the event when the publish fails, and a second click sends that same event', async () => {
    // Prepare
    const { store, published, failures, state, deps } = harness();
    state.publishFails = true;

    // Act
    const first = await unsubscribeCustomer({ customerId: 'cus-1', correlationId: 'req-1' }, deps);
    const pendingAfterFailure = store.contacts.get('cus-1')?.optOut?.pending;
    state.publishFails = false;
    const second = await unsubscribeCustomer({ customerId: 'cus-1', correlationId: 'req-2' }, deps);

    // Assess
    expect(first).toMatchObject({ outcome: 'unsubscribed', published: false });
    expect(failures).toEqual([`cus-1:${first.eventId}`]);
    expect(pendingAfterFailure).toBe(true);
    expect(second).toMatchObject({
      outcome: 'already-unsubscribed',
      eventId: first.eventId,
      published: true,
    });
    expect(published.map((event) => event.eventId)).toEqual([first.eventId]);
    expect(store.contacts.get('cus-1')?.optOut?.pending).toBe(false);
  });

  it('sends the same event again when the mark could not be cleared after the publish', async () => {
    // Prepare: at least once, under one event id, which consumers deduplicate.
    const { published, state, deps } = harness();
    state.markFails = true;
    const first = await unsubscribeCustomer({ customerId: 'cus-1', correlationId: 'req-1' }, deps);
    state.markFails = false;

    // Act
    const second = await unsubscribeCustomer({ customerId: 'cus-1', correlationId: 'req-1' }, deps);

    // Assess
    expect(first.published).toBe(false);
    expect(second.published).toBe(true);
    expect(published.map((event) => event.eventId)).toEqual([first.eventId, first.eventId]);
  });

  it('gives concurrent clicks one opt-out and one event id', async () => {
    // Prepare
    const { store, published, deps } = harness();

    // Act
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        unsubscribeCustomer({ customerId: 'cus-1', correlationId: `req-${String(index)}` }, deps),
      ),
    );

    // Assess
    const eventIds = new Set(results.map((result) => result.eventId));
    expect(eventIds.size).toBe(1);
    expect(results.filter((result) => result.outcome === 'unsubscribed')).toHaveLength(1);
    expect(new Set(published.map((event) => event.eventId))).toEqual(eventIds);
    expect(store.contacts.get('cus-1')?.optOut?.event.eventId).toBe([...eventIds][0]);
  });
});
