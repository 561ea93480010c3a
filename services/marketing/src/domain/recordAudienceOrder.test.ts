import { buildEvent, exampleEventData, type OrderPlacedV1 } from '@conveyor/event-types';
import { maskEmail } from '@conveyor/lambda-toolkit';
import { describe, expect, it } from 'vitest';
import {
  crashingAfterWrite,
  inMemoryContactStore,
} from '../../tests/support/inMemoryContactStore.ts';
import { permutations, seededRandom, shuffled } from '@conveyor/service-testing/seededShuffle';
import {
  applyAudienceOrder,
  type AudienceContact,
  type AudienceOrder,
  ContactVersionConflictError,
} from './audienceContact.ts';
import { makeContactLock } from '../adapters/contactLock.ts';
import { audienceOrderFrom } from './audienceOrderFrom.ts';
import { recordAudienceOrder } from './recordAudienceOrder.ts';

let ids = 0;
const nextId = () => `00000000-0000-4000-8000-${String((ids += 1)).padStart(12, '0')}`;

const placed = (
  orderId: string,
  at: string,
  { customerId = 'cus-7', currency = 'EUR', total = 1000 } = {},
): OrderPlacedV1 => {
  const data = exampleEventData['order.placed']();
  return buildEvent(
    {
      eventType: 'order.placed',
      version: 1,
      aggregateId: orderId,
      data: { ...data, customer: { ...data.customer, customerId }, currency, total },
    },
    { now: () => new Date(at), newId: nextId },
  );
};

const toOrder = (event: OrderPlacedV1): AudienceOrder => {
  const order = audienceOrderFrom(event, maskEmail);
  if (order === undefined) throw new Error('expected an opted-in order');
  return order;
};

// The business figures: `version` only counts writes, which differ when a later announcement
// of an order is replaced by an earlier one.
const facts = (contact: AudienceContact | undefined) => {
  if (contact === undefined) return undefined;
  const { version: _version, ...rest } = contact;
  return rest;
};

const applySequentially = (orders: readonly AudienceOrder[]) =>
  orders.reduce<AudienceContact | undefined>(
    (contact, next) => applyAudienceOrder(contact, next).contact,
    undefined,
  );

// As the standard batch processor does: records of one batch in parallel, batches one by one.
const recordInParallelBatches = async (orders: readonly AudienceOrder[], random: () => number) => {
  const store = inMemoryContactStore();
  const deps = { ...store, maxAttempts: 100 };
  for (let start = 0; start < orders.length;) {
    const size = 1 + Math.floor(random() * 10);
    await Promise.all(orders.slice(start, start + size).map((o) => recordAudienceOrder(o, deps)));
    start += size;
  }
  return store;
};

describe('recordAudienceOrder', () => {
  it('creates the contact on a first order', async () => {
    // Prepare
    const store = inMemoryContactStore();
    const order = toOrder(placed('ord-1', '2026-03-01T10:00:00Z'));

    // Act
    const result = await recordAudienceOrder(order, store);

    // Assess
    expect(result).toEqual({
      outcome: 'counted',
      customerId: 'cus-7',
      orderCount: 1,
      segment: 'new',
      attempts: 1,
    });
    expect(store.contacts.get('cus-7')).toMatchObject({ orderCount: 1, version: 1 });
  });

  it('writes nothing for a duplicate', async () => {
    // Prepare
    const store = inMemoryContactStore();
    const order = toOrder(placed('ord-1', '2026-03-01T10:00:00Z'));
    await recordAudienceOrder(order, store);

    // Act
    const result = await recordAudienceOrder(order, store);

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(store.stats.writes).toBe(1);
  });

  it('writes nothing when redelivered after a crash that followed its write', async () => {
    // Prepare
    const store = inMemoryContactStore();
    const order = toOrder(placed('ord-1', '2026-03-01T10:00:00Z'));
    await expect(recordAudienceOrder(order, crashingAfterWrite(store))).rejects.toThrow(
      'stopped after the write',
    );

    // Act
    const result = await recordAudienceOrder(order, store);

    // Assess
    expect(result).toMatchObject({ outcome: 'duplicate', orderCount: 1 });
    expect(store.stats.writes).toBe(1);
    expect(store.contacts.get('cus-7')).toMatchObject({ orderCount: 1, version: 1 });
  });

  it('counts once copies of one order handled in parallel, as one batch runs them', async () => {
    // Prepare
    const store = inMemoryContactStore();
    const order = toOrder(placed('ord-1', '2026-03-01T10:00:00Z'));

    // Act
    const results = await Promise.all(
      [order, order, order].map((o) => recordAudienceOrder(o, store)),
    );

    // Assess
    expect(results.map((r) => r.outcome).toSorted()).toEqual(['counted', 'duplicate', 'duplicate']);
    expect(store.stats.writes).toBe(1);
    expect(store.contacts.get('cus-7')).toMatchObject({ orderCount: 1, version: 1 });
  });

  it('reads again and merges again after a concurrent write', async () => {
    // Prepare
    const store = inMemoryContactStore();
    const first = toOrder(placed('ord-1', '2026-03-01T10:00:00Z'));
    const second = toOrder(placed('ord-2', '2026-03-02T10:00:00Z'));

    // Act
    const results = await Promise.all([
      recordAudienceOrder(first, store),
      recordAudienceOrder(second, store),
    ]);

    // Assess
    expect(store.stats.conflicts).toBe(1);
    expect(results.map((r) => r.attempts).toSorted()).toEqual([1, 2]);
    expect(store.contacts.get('cus-7')).toMatchObject({ orderCount: 2, segment: 'repeat' });
  });

  it('sends racing orders of one customer beyond maxAttempts back to the queue without a lock', async () => {
    // Prepare: more orders of one customer in one parallel batch than read-merge-write rounds.
    const store = inMemoryContactStore();
    const orders = Array.from({ length: 12 }, (_, index) =>
      toOrder(placed(`ord-${String(index)}`, '2026-03-01T10:00:00Z')),
    );

    // Act
    const results = await Promise.allSettled(orders.map((o) => recordAudienceOrder(o, store)));

    // Assess
    const refused = results.filter((result) => result.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const { reason } of refused) expect(reason).toBeInstanceOf(ContactVersionConflictError);
    expect(store.contacts.get('cus-7')?.orderCount).toBe(orders.length - refused.length);
  });

  it('counts every order of one customer in one parallel batch at its first attempt with a lock', async () => {
    // Prepare
    const store = inMemoryContactStore();
    const deps = { ...store, withContactLock: makeContactLock() };
    const orders = Array.from({ length: 12 }, (_, index) =>
      toOrder(placed(`ord-${String(index)}`, '2026-03-01T10:00:00Z')),
    );
    const other = toOrder(placed('ord-other', '2026-03-01T10:00:00Z', { customerId: 'cus-8' }));

    // Act
    const results = await Promise.all([...orders, other].map((o) => recordAudienceOrder(o, deps)));

    // Assess
    expect(results.map((r) => [r.outcome, r.attempts])).toEqual(results.map(() => ['counted', 1]));
    expect(store.stats.conflicts).toBe(0);
    expect(store.contacts.get('cus-7')).toMatchObject({ orderCount: 12, version: 12 });
    expect(store.contacts.get('cus-8')).toMatchObject({ orderCount: 1, version: 1 });
  });

  it('gives up with the conflict after maxAttempts, for the queue to retry', async () => {
    // Prepare
    const store = inMemoryContactStore();
    const order = toOrder(placed('ord-1', '2026-03-01T10:00:00Z'));
    const saveContact = async () => {
      await Promise.resolve();
      throw new ContactVersionConflictError('cus-7');
    };

    // Act
    const attempt = recordAudienceOrder(order, { ...store, saveContact, maxAttempts: 3 });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ContactVersionConflictError);
    await expect(attempt).rejects.toMatchObject({ retryable: true });
    expect(store.stats.reads).toBe(3);
  });

  it('does not retry other failures', async () => {
    // Prepare
    const store = inMemoryContactStore();
    const order = toOrder(placed('ord-1', '2026-03-01T10:00:00Z'));
    const saveContact = async () => {
      await Promise.resolve();
      throw new Error('table unavailable');
    };

    // Act
    const attempt = recordAudienceOrder(order, { ...store, saveContact });

    // Assess
    await expect(attempt).rejects.toThrow('table unavailable');
    expect(store.stats.reads).toBe(1);
  });
});

describe('the same contact under duplicates and any arrival order', () => {
  it('is identical for all 720 orderings of 4 orders and 2 duplicates', () => {
    // Prepare
    const events = [
      placed('ord-1', '2026-03-01T10:00:00Z', { total: 1000 }),
      placed('ord-2', '2026-03-05T10:00:00+02:00', { total: 2500 }),
      placed('ord-3', '2026-03-03T10:00:00Z', { currency: 'GBP', total: 700 }),
      placed('ord-4', '2026-02-27T23:59:59Z', { total: 300 }),
    ];
    const orders = [...events, events[1]!, events[0]!].map(toOrder);

    // Act
    const contacts = permutations(orders).map((ordering) => facts(applySequentially(ordering)));

    // Assess
    expect(contacts).toHaveLength(720);
    const [reference] = contacts;
    expect(reference).toMatchObject({
      customerId: 'cus-7',
      orderCount: 4,
      firstOrderAt: '2026-02-27T23:59:59.000Z',
      lastOrderAt: '2026-03-05T08:00:00.000Z',
      lifetimeValue: { EUR: 3800, GBP: 700 },
      segment: 'repeat',
    });
    for (const contact of contacts) expect(contact).toEqual(reference);
  });

  it('is identical for 200 seeded shuffles applied in parallel batches, with re-announcements', async () => {
    // Prepare
    const random = seededRandom(20_260_301);
    const distinct = Array.from({ length: 12 }, (_, index) =>
      placed(`ord-${index}`, `2026-0${1 + (index % 9)}-1${index % 10}T08:00:00Z`, {
        currency: index % 3 === 0 ? 'USD' : 'EUR',
        total: 100 * (index + 1),
      }),
    );
    // The same order announced again later under a new event id: the earliest must win.
    const reannounced = placed('ord-5', '2026-12-31T23:00:00Z', { total: 99_999 });
    const orders = [
      ...distinct,
      ...distinct.filter((_, index) => index % 2 === 0),
      ...distinct.filter((_, index) => index % 4 === 0),
      reannounced,
    ].map(toOrder);
    const expected = facts(applySequentially(distinct.map(toOrder)));

    // Act
    const contacts: unknown[] = [];
    for (let run = 0; run < 200; run += 1) {
      const store = await recordInParallelBatches(shuffled(orders, random), random);
      contacts.push(facts(store.contacts.get('cus-7')));
    }

    // Assess
    expect(expected).toMatchObject({ orderCount: 12, segment: 'loyal' });
    for (const contact of contacts) expect(contact).toEqual(expected);
  });
});
