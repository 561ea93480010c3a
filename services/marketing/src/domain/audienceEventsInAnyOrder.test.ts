// The audience under every arrival order of the events that touch one customer: registration,
// orders, a rejection and an unsubscribe click. An unsubscribed customer is never re-added, a
// rejected order never counts, and the final record does not depend on the order of arrival.
import {
  buildEvent,
  type CustomerRegisteredV1,
  exampleEventData,
  type InventoryReservationFailedV1,
  type OrderPlacedV1,
  REPLAY_WINDOW_SECONDS,
} from '@conveyor/event-types';
import { maskEmail } from '@conveyor/lambda-toolkit';
import { describe, expect, it } from 'vitest';
import { inMemoryContactStore } from '../../tests/support/inMemoryContactStore.ts';
import { permutations, seededRandom, shuffled } from '@conveyor/service-testing/seededShuffle';
import { type AudienceContact, isInAudience } from './audienceContact.ts';
import { audienceOrderFrom } from './audienceOrderFrom.ts';
import { newsletterSubscriptionFrom } from './newsletterSubscriptionFrom.ts';
import { orderRejectionFrom } from './orderRejectionFrom.ts';
import { recordAudienceOrder } from './recordAudienceOrder.ts';
import { recordNewsletterSubscription } from './recordNewsletterSubscription.ts';
import { recordOrderRejection } from './recordOrderRejection.ts';
import { unsubscribeCustomer } from './unsubscribeCustomer.ts';

const CUSTOMER = 'cus-77';
let ids = 0;
const nextId = () => `00000000-0000-4000-8000-${String((ids += 1)).padStart(12, '0')}`;
const customer = { ...exampleEventData['customer.registered']().customer, customerId: CUSTOMER };

const registered = (at: string): CustomerRegisteredV1 =>
  buildEvent(
    {
      eventType: 'customer.registered',
      version: 1,
      aggregateId: CUSTOMER,
      data: { customer, marketingOptIn: true },
    },
    { now: () => new Date(at), newId: nextId },
  );

const placed = (orderId: string, at: string, total: number): OrderPlacedV1 =>
  buildEvent(
    {
      eventType: 'order.placed',
      version: 1,
      aggregateId: orderId,
      data: { ...exampleEventData['order.placed'](), customer, total },
    },
    { now: () => new Date(at), newId: nextId },
  );

const reservationFailed = (orderId: string, at: string): InventoryReservationFailedV1 =>
  buildEvent(
    {
      eventType: 'inventory.reservation-failed',
      version: 1,
      aggregateId: orderId,
      data: { ...exampleEventData['inventory.reservation-failed'](), customer },
    },
    { now: () => new Date(at), newId: nextId },
  );

/** One thing that reaches marketing: an event on its queue, or a click on the unsubscribe link. */
type Arrival =
  | {
      readonly kind: 'event';
      readonly event: CustomerRegisteredV1 | OrderPlacedV1 | InventoryReservationFailedV1;
    }
  | { readonly kind: 'click' };

const REGISTERED = registered('2026-01-05T09:00:00Z');
const ORDER_A = placed('ord-a', '2026-01-06T10:00:00Z', 1500);
const ORDER_B = placed('ord-b', '2026-01-07T11:00:00Z', 2500);
const B_REJECTED = reservationFailed('ord-b', '2026-01-07T11:00:02Z');

const event = (value: Extract<Arrival, { kind: 'event' }>['event']): Arrival => ({
  kind: 'event',
  event: value,
});
const CLICK: Arrival = { kind: 'click' };

const label = (arrival: Arrival): string =>
  arrival.kind === 'click'
    ? 'unsubscribed'
    : `${arrival.event.eventType}(${arrival.event.aggregateId})`;

/** Delivers arrivals to the domain as the handlers do, against one store. */
const audience = () => {
  const store = inMemoryContactStore();
  const published: string[] = [];
  const deps = { ...store, maxAttempts: 100 };
  const unsubscribeDeps = {
    ...deps,
    publishEvent: async (published_: { eventId: string }) => {
      await Promise.resolve();
      published.push(published_.eventId);
    },
    onPublishFailed: () => undefined,
    now: () => new Date('2026-02-01T00:00:00Z'),
  };
  const deliver = async (arrival: Arrival): Promise<void> => {
    if (arrival.kind === 'click') {
      await unsubscribeCustomer({ customerId: CUSTOMER, correlationId: 'click' }, unsubscribeDeps);
      return;
    }
    const { event: delivered } = arrival;
    if (delivered.eventType === 'customer.registered') {
      const subscription = newsletterSubscriptionFrom(delivered, maskEmail);
      if (subscription !== undefined) await recordNewsletterSubscription(subscription, deps);
    } else if (delivered.eventType === 'order.placed') {
      const order = audienceOrderFrom(delivered, maskEmail);
      if (order !== undefined) await recordAudienceOrder(order, deps);
    } else {
      await recordOrderRejection(orderRejectionFrom(delivered), deps);
    }
  };
  return { store, published, deliver, contact: () => store.contacts.get(CUSTOMER) };
};

// The facts that must not depend on arrival: the record without its write counter, and without
// the opt-out's event id and correlation id, which belong to whichever click came first.
const facts = (contact: AudienceContact | undefined) => {
  if (contact === undefined) return undefined;
  const { version: _version, optOut, ...rest } = contact;
  if (optOut === undefined) return rest;
  return { ...rest, optOut: { at: optOut.at, pending: optOut.pending, data: optOut.event.data } };
};

const runInOrder = async (arrivals: readonly Arrival[]) => {
  const run = audience();
  const inAudienceAfterClick: boolean[] = [];
  let clicked = false;
  for (const arrival of arrivals) {
    await run.deliver(arrival);
    clicked ||= arrival.kind === 'click';
    const contact = run.contact();
    if (clicked && contact !== undefined) inAudienceAfterClick.push(isInAudience(contact));
  }
  return { ...run, inAudienceAfterClick };
};

describe('the audience under every arrival order', () => {
  it('ends opted out, with nothing counted, for all 6 orders of registered, order placed and unsubscribed', async () => {
    // Prepare
    const orders = permutations([event(REGISTERED), event(ORDER_A), CLICK]);

    // Act
    const runs = [];
    for (const ordering of orders) runs.push({ ordering, ...(await runInOrder(ordering)) });

    // Assess
    expect(runs).toHaveLength(6);
    for (const run of runs) {
      const contact = run.contact();
      expect(contact, run.ordering.map(label).join(' → ')).toEqual({
        customerId: CUSTOMER,
        orderCount: 0,
        lifetimeValue: {},
        orders: {},
        optOut: {
          at: '2026-02-01T00:00:00.000Z',
          pending: false,
          event: expect.anything() as unknown,
        },
        version: expect.any(Number) as unknown,
      });
      // Never back in the audience after the click, whatever came after it.
      expect(run.inAudienceAfterClick.every((inAudience) => !inAudience)).toBe(true);
      expect(run.published).toEqual([contact?.optOut?.event.eventId]);
    }
  });

  it('gives the same record for all 720 orders of those three, a second order, its rejection and a duplicate', async () => {
    // Prepare
    const arrivals = [
      event(REGISTERED),
      event(ORDER_A),
      event(ORDER_B),
      event(B_REJECTED),
      CLICK,
      event(ORDER_A),
    ];

    // Act
    const finals = [];
    for (const ordering of permutations(arrivals)) {
      const run = await runInOrder(ordering);
      finals.push(facts(run.contact()));
      expect(run.published).toHaveLength(1);
    }

    // Assess
    expect(finals).toHaveLength(720);
    const [reference] = finals;
    expect(reference).toEqual({
      customerId: CUSTOMER,
      orderCount: 0,
      lifetimeValue: {},
      orders: {},
      optOut: { at: '2026-02-01T00:00:00.000Z', pending: false, data: { customerId: CUSTOMER } },
    });
    for (const final of finals) expect(final).toEqual(reference);
  });

  it('leaves the rejected order out and keeps the rest, for all 120 orders without a click', async () => {
    // Prepare
    const arrivals = [
      event(REGISTERED),
      event(ORDER_A),
      event(ORDER_B),
      event(B_REJECTED),
      event(B_REJECTED),
    ];

    // Act
    const finals = [];
    for (const ordering of permutations(arrivals))
      finals.push(facts((await runInOrder(ordering)).contact()));

    // Assess
    expect(finals).toHaveLength(120);
    const [reference] = finals;
    expect(reference).toMatchObject({
      orderCount: 1,
      segment: 'new',
      lifetimeValue: { EUR: 1500 },
      firstOrderAt: '2026-01-06T10:00:00.000Z',
      lastOrderAt: '2026-01-06T10:00:00.000Z',
      newsletter: { eventId: REGISTERED.eventId, subscribedAt: '2026-01-05T09:00:00.000Z' },
      rejectedOrders: { 'ord-b': { eventId: B_REJECTED.eventId } },
    });
    expect(Object.keys((reference as AudienceContact).orders)).toEqual(['ord-a']);
    for (const final of finals) expect(final).toEqual(reference);
  });

  it('is the same in 200 seeded shuffles delivered in parallel batches, as the standard queue does', async () => {
    // Prepare
    const random = seededRandom(20_260_413);
    const arrivals = [
      event(REGISTERED),
      event(REGISTERED),
      event(ORDER_A),
      event(ORDER_A),
      event(ORDER_B),
      event(B_REJECTED),
      event(B_REJECTED),
      event(reservationFailed('ord-never-consented', '2026-01-08T00:00:00Z')),
    ];
    const sequential = await runInOrder(arrivals);
    const expected = facts(sequential.contact());

    // Act
    const finals: unknown[] = [];
    for (let run = 0; run < 200; run += 1) {
      const parallel = audience();
      const ordering = shuffled(arrivals, random);
      for (let start = 0; start < ordering.length;) {
        const size = 1 + Math.floor(random() * 5);
        await Promise.all(ordering.slice(start, start + size).map(parallel.deliver));
        start += size;
      }
      finals.push(facts(parallel.contact()));
    }

    // Assess
    expect(expected).toMatchObject({ orderCount: 1, lifetimeValue: { EUR: 1500 } });
    for (const final of finals) expect(final).toEqual(expected);
  });

  it('ends opted out with one event in 200 seeded shuffles in parallel batches with two clicks', async () => {
    // Prepare
    const random = seededRandom(20_260_414);
    const arrivals = [
      event(REGISTERED),
      event(ORDER_A),
      event(ORDER_B),
      event(B_REJECTED),
      CLICK,
      CLICK,
    ];

    // Act
    const runs: { final: unknown; published: string[]; eventId: string | undefined }[] = [];
    for (let run = 0; run < 200; run += 1) {
      const parallel = audience();
      const ordering = shuffled(arrivals, random);
      for (let start = 0; start < ordering.length;) {
        const size = 1 + Math.floor(random() * 4);
        await Promise.all(ordering.slice(start, start + size).map(parallel.deliver));
        start += size;
      }
      const contact = parallel.contact();
      runs.push({
        final: facts(contact),
        published: parallel.published,
        eventId: contact?.optOut?.event.eventId,
      });
    }

    // Assess
    for (const { final, published, eventId } of runs) {
      expect(final).toEqual({
        customerId: CUSTOMER,
        orderCount: 0,
        lifetimeValue: {},
        orders: {},
        optOut: { at: '2026-02-01T00:00:00.000Z', pending: false, data: { customerId: CUSTOMER } },
      });
      // Two clicks in one batch may both publish the pending event, under its one event id.
      expect(published.length).toBeGreaterThanOrEqual(1);
      expect(new Set(published)).toEqual(new Set([eventId]));
    }
  });

  it('creates no contact and no figures for rejections of orders marketing never counted', async () => {
    // Prepare: a customer without consent; only inventory's rejection of their order reaches marketing.
    const rejected = reservationFailed('ord-no-consent', '2026-01-08T00:00:00Z');

    // Act
    const run = await runInOrder([event(rejected), event(rejected)]);

    // Assess
    const contact = run.contact();
    expect(contact).toBeDefined();
    expect(isInAudience(contact as AudienceContact)).toBe(false);
    expect(contact).toEqual({
      customerId: CUSTOMER,
      orderCount: 0,
      lifetimeValue: {},
      orders: {},
      rejectedOrders: {
        'ord-no-consent': { eventId: rejected.eventId, rejectedAt: '2026-01-08T00:00:00.000Z' },
      },
      expiresAt: Date.parse('2026-01-08T00:00:00Z') / 1000 + REPLAY_WINDOW_SECONDS,
      version: 1,
    });
  });
});
