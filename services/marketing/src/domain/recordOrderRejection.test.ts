import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { maskEmail } from '@conveyor/lambda-toolkit';
import { describe, expect, it } from 'vitest';
import {
  crashingAfterWrite,
  inMemoryContactStore,
} from '../../tests/support/inMemoryContactStore.ts';
import type { AudienceOrder, OrderRejection } from './audienceContact.ts';
import { audienceOrderFrom } from './audienceOrderFrom.ts';
import { orderRejectionFrom } from './orderRejectionFrom.ts';
import { recordAudienceOrder } from './recordAudienceOrder.ts';
import { recordOrderRejection } from './recordOrderRejection.ts';

const at = () => new Date('2026-03-01T12:30:00Z');

const order = (orderId: string): AudienceOrder => {
  const counted = audienceOrderFrom(
    buildEvent(
      {
        eventType: 'order.placed',
        version: 1,
        aggregateId: orderId,
        data: exampleEventData['order.placed'](),
      },
      { now: at },
    ),
    maskEmail,
  );
  if (counted === undefined) throw new Error('expected an opted-in order');
  return counted;
};

const rejection = (orderId: string): OrderRejection =>
  orderRejectionFrom(
    buildEvent(
      {
        eventType: 'inventory.reservation-failed',
        version: 1,
        aggregateId: orderId,
        data: exampleEventData['inventory.reservation-failed'](),
      },
      { now: at },
    ),
  );

// No eventId idempotency guards this step: the contact's facts alone must absorb redeliveries.
describe('recordOrderRejection', () => {
  it('takes a counted order out of the figures with one write', async () => {
    // Prepare
    const store = inMemoryContactStore();
    await recordAudienceOrder(order('ord-1'), store);

    // Act
    const result = await recordOrderRejection(rejection('ord-1'), store);

    // Assess
    expect(result).toMatchObject({ outcome: 'uncounted', orderCount: 0 });
    expect(store.stats.writes).toBe(2);
  });

  it('writes nothing for a second delivery of the same event', async () => {
    // Prepare
    const store = inMemoryContactStore();
    await recordAudienceOrder(order('ord-1'), store);
    const rejected = rejection('ord-1');
    await recordOrderRejection(rejected, store);

    // Act
    const result = await recordOrderRejection(rejected, store);

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(store.stats.writes).toBe(2);
  });

  it('writes nothing when redelivered after a crash that followed its write', async () => {
    // Prepare
    const store = inMemoryContactStore();
    const rejected = rejection('ord-1');
    await expect(recordOrderRejection(rejected, crashingAfterWrite(store))).rejects.toThrow(
      'stopped after the write',
    );

    // Act
    const result = await recordOrderRejection(rejected, store);
    const late = await recordAudienceOrder(order('ord-1'), store);

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(late.outcome).toBe('rejected');
    expect(store.stats.writes).toBe(1);
    expect(store.contacts.get(rejected.customerId)).toMatchObject({
      orderCount: 0,
      rejectedOrders: { 'ord-1': { eventId: rejected.eventId } },
      version: 1,
    });
  });

  it('uncounts once when copies are handled in parallel, as one batch runs them', async () => {
    // Prepare
    const store = inMemoryContactStore();
    await recordAudienceOrder(order('ord-1'), store);
    await recordAudienceOrder(order('ord-2'), store);
    const rejected = rejection('ord-1');

    // Act
    const results = await Promise.all(
      [rejected, rejected, rejected].map((r) => recordOrderRejection(r, store)),
    );

    // Assess
    expect(results.map((r) => r.outcome).toSorted()).toEqual([
      'duplicate',
      'duplicate',
      'uncounted',
    ]);
    expect(store.stats.writes).toBe(3);
    expect(store.contacts.get(rejected.customerId)).toMatchObject({ orderCount: 1 });
  });
});
