import { buildEvent, type ConveyorEvent, exampleEventData } from '@conveyor/event-types';
import { TransientError } from '@conveyor/lambda-toolkit';
import { describe, expect, it } from 'vitest';
import { inMemoryOrderStore } from '../../tests/support/inMemoryOrderStore.ts';
import { applyOrderEvent, statusChangeFor } from './applyOrderEvent.ts';
import { type AdvanceOrderStatus, type Order, type OrderStatus, OrderStatuses } from './order.ts';
import { recordOrderProgress, UnknownOrderError } from './recordOrderProgress.ts';

const ORDER_ID = '11111111-1111-4111-8111-111111111111';
// When checkout records a step: later than the event, which crossed a topic and a queue.
const RECORDED_AT = new Date(Date.now() + 5_000);
const now = () => RECORDED_AT;
const placed = buildEvent({
  eventType: 'order.placed',
  version: 1,
  aggregateId: ORDER_ID,
  data: exampleEventData['order.placed'](),
});

const newOrder = (): Order => ({
  orderId: ORDER_ID,
  status: 'PLACED',
  timeline: [{ status: 'PLACED', at: placed.occurredAt, eventId: placed.eventId }],
  lines: [],
  currency: 'EUR',
  total: 0,
  createdAt: placed.occurredAt,
  updatedAt: placed.occurredAt,
  placedEvent: placed,
  unpublished: false,
  version: 1,
});

const reserved = (): ConveyorEvent =>
  buildEvent(
    {
      eventType: 'inventory.reserved',
      version: 1,
      aggregateId: ORDER_ID,
      data: exampleEventData['inventory.reserved'](),
    },
    { causedBy: placed },
  );
const failed = (): ConveyorEvent =>
  buildEvent(
    {
      eventType: 'inventory.reservation-failed',
      version: 1,
      aggregateId: ORDER_ID,
      data: exampleEventData['inventory.reservation-failed'](),
    },
    { causedBy: placed },
  );
const shipped = (): ConveyorEvent =>
  buildEvent(
    {
      eventType: 'shipment.created',
      version: 1,
      aggregateId: ORDER_ID,
      data: exampleEventData['shipment.created'](),
    },
    { causedBy: placed },
  );

const applyAll = (events: ConveyorEvent[]) =>
  events.reduce<{ order: Order; outcomes: string[] }>(
    (acc, event) => {
      const { outcome, order } = applyOrderEvent(acc.order, event, RECORDED_AT);
      return { order, outcomes: [...acc.outcomes, outcome] };
    },
    { order: newOrder(), outcomes: [] },
  );

describe('applyOrderEvent', () => {
  it('moves PLACED → CONFIRMED → SHIPPED and records each step in the timeline', () => {
    // Prepare
    const events = [reserved(), shipped()];

    // Act
    const { order, outcomes } = applyAll(events);

    // Assess
    expect(outcomes).toEqual(['moved', 'moved']);
    expect(order.status).toBe('SHIPPED');
    expect(order.timeline.map((entry) => [entry.status, entry.eventId])).toEqual([
      ['PLACED', placed.eventId],
      ['CONFIRMED', events[0]?.eventId],
      ['SHIPPED', events[1]?.eventId],
    ]);
    expect(order.version).toBe(3);
  });

  it('moves PLACED → REJECTED, and nothing moves a rejected order', () => {
    // Act
    const { order, outcomes } = applyAll([failed(), reserved(), shipped()]);

    // Assess
    expect(order.status).toBe('REJECTED');
    expect(outcomes).toEqual(['moved', 'late', 'late']);
  });

  it('ends SHIPPED when the shipment arrives before the reservation, ignoring the late reservation', () => {
    // Act
    const { order, outcomes } = applyAll([shipped(), reserved()]);

    // Assess
    expect(order.status).toBe('SHIPPED');
    expect(outcomes).toEqual(['moved', 'late']);
    expect(order.timeline.map((entry) => entry.status)).toEqual(['PLACED', 'SHIPPED']);
  });

  it('changes nothing for a duplicate delivery', () => {
    // Prepare
    const event = reserved();

    // Act
    const { order, outcomes } = applyAll([event, event]);

    // Assess
    expect(outcomes).toEqual(['moved', 'duplicate']);
    expect(order.timeline).toHaveLength(2);
  });

  it('does not reject a confirmed order', () => {
    // Act
    const { order, outcomes } = applyAll([reserved(), failed()]);

    // Assess
    expect(order.status).toBe('CONFIRMED');
    expect(outcomes).toEqual(['moved', 'late']);
  });

  it('ignores order.placed itself', () => {
    // Act
    const { outcomes } = applyAll([placed]);

    // Assess
    expect(outcomes).toEqual(['not-a-status-event']);
  });
});

describe('statusChangeFor', () => {
  it('moves CONFIRMED from PLACED, SHIPPED from PLACED or CONFIRMED, REJECTED from PLACED', () => {
    // Act
    const from = [reserved(), shipped(), failed(), placed].map(
      (event) => statusChangeFor(event, RECORDED_AT)?.from,
    );

    // Assess
    expect(from).toEqual([['PLACED'], ['PLACED', 'CONFIRMED'], ['PLACED'], undefined]);
  });

  it('allows exactly the moves applyOrderEvent makes, for every status and event', () => {
    // Prepare
    const orderAt = (status: OrderStatus): Order => ({ ...newOrder(), status });
    const cases = Object.values(OrderStatuses).flatMap((status) =>
      [reserved(), failed(), shipped()].map((event) => ({ status, event })),
    );

    // Act
    const disagreements = cases.flatMap(({ status, event }) => {
      const change = statusChangeFor(event, RECORDED_AT);
      const applied = applyOrderEvent(orderAt(status), event, RECORDED_AT);
      const written = change?.from.includes(status) === true ? change.entry : undefined;
      const moved = applied.outcome === 'moved' ? applied.order.timeline.at(-1) : undefined;
      return JSON.stringify(written) === JSON.stringify(moved)
        ? []
        : [`${status} + ${event.eventType}`];
    });

    // Assess
    expect(cases).toHaveLength(12);
    expect(disagreements).toEqual([]);
  });
});

// Counts the calls a step makes to each port, on top of an in-memory store.
const countingStore = () => {
  const store = inMemoryOrderStore();
  const calls = { advance: 0, read: 0 };
  return {
    store,
    calls,
    deps: {
      advanceOrderStatus: (async (change) => {
        calls.advance += 1;
        return store.advanceOrderStatus(change);
      }) satisfies AdvanceOrderStatus,
      getOrder: async (orderId: string) => {
        calls.read += 1;
        return store.getOrder(orderId);
      },
      now,
    },
  };
};

describe('recordOrderProgress', () => {
  it('moves the order with one conditional write and no read, noting when the step happened and when it was recorded', async () => {
    // Prepare
    const { store, calls, deps } = countingStore();
    await store.saveNewOrder(newOrder());
    const event = reserved();

    // Act
    const result = await recordOrderProgress(event, deps);

    // Assess
    expect(result).toEqual({ outcome: 'moved', status: 'CONFIRMED' });
    expect(calls).toEqual({ advance: 1, read: 0 });
    const order = await store.getOrder(ORDER_ID);
    expect(order?.timeline).toEqual([
      ...newOrder().timeline,
      {
        status: 'CONFIRMED',
        at: event.occurredAt,
        eventId: event.eventId,
        recordedAt: RECORDED_AT.toISOString(),
      },
    ]);
    expect(order?.updatedAt).toBe(RECORDED_AT.toISOString());
    expect(order?.version).toBe(2);
  });

  it('writes once for a redelivery after a crash that followed the write: refused, read, duplicate', async () => {
    // Prepare
    const { store, calls, deps } = countingStore();
    await store.saveNewOrder(newOrder());
    const event = reserved();
    await recordOrderProgress(event, deps); // stored, then the invocation dies before its ack

    // Act
    const redelivered = await recordOrderProgress(event, deps);

    // Assess
    expect(redelivered).toEqual({ outcome: 'duplicate', status: 'CONFIRMED' });
    expect(calls).toEqual({ advance: 2, read: 1 });
    const order = await store.getOrder(ORDER_ID);
    expect(order?.timeline.map((entry) => entry.eventId)).toEqual([placed.eventId, event.eventId]);
    expect(order?.version).toBe(2);
  });

  it('moves the order on the redelivery when the first attempt crashed before its write', async () => {
    // Prepare
    const store = inMemoryOrderStore();
    await store.saveNewOrder(newOrder());
    const event = reserved();
    const crashing = {
      getOrder: store.getOrder,
      advanceOrderStatus: () => Promise.reject(new Error('stopped before the write')),
      now,
    };
    await expect(recordOrderProgress(event, crashing)).rejects.toThrow('stopped');

    // Act
    const redelivered = await recordOrderProgress(event, { ...store, now });

    // Assess
    expect(redelivered).toEqual({ outcome: 'moved', status: 'CONFIRMED' });
    const order = await store.getOrder(ORDER_ID);
    expect(order?.timeline.map((entry) => entry.eventId)).toEqual([placed.eventId, event.eventId]);
  });

  it('lets only one of two concurrent deliveries write; the other is a duplicate', async () => {
    // Prepare
    const store = inMemoryOrderStore();
    await store.saveNewOrder(newOrder());
    const event = reserved();
    const both = Promise.withResolvers<undefined>();
    let arrived = 0;
    const deps = {
      // Both deliveries reach the write before either makes it.
      advanceOrderStatus: (async (change) => {
        if (++arrived === 2) both.resolve(undefined);
        await both.promise;
        return store.advanceOrderStatus(change);
      }) satisfies AdvanceOrderStatus,
      getOrder: store.getOrder,
      now,
    };

    // Act
    const results = await Promise.all([
      recordOrderProgress(event, deps),
      recordOrderProgress(event, deps),
    ]);

    // Assess
    expect(results.map((result) => result.outcome).toSorted()).toEqual(['duplicate', 'moved']);
    const order = await store.getOrder(ORDER_ID);
    expect(order?.timeline).toHaveLength(2);
    expect(order?.version).toBe(2);
  });

  it('writes nothing for a redelivered event the order has moved past', async () => {
    // Prepare
    const store = inMemoryOrderStore();
    await store.saveNewOrder(newOrder());
    const late = reserved();
    await recordOrderProgress(shipped(), { ...store, now });
    await recordOrderProgress(late, { ...store, now });
    const before = await store.getOrder(ORDER_ID);

    // Act
    const redelivered = await recordOrderProgress(late, { ...store, now });

    // Assess
    expect(redelivered).toEqual({ outcome: 'late', status: 'SHIPPED' });
    expect(await store.getOrder(ORDER_ID)).toEqual(before);
  });

  it('does not reject a confirmed order, and says where it is', async () => {
    // Prepare
    const store = inMemoryOrderStore();
    await store.saveNewOrder(newOrder());
    await recordOrderProgress(reserved(), { ...store, now });

    // Act
    const result = await recordOrderProgress(failed(), { ...store, now });

    // Assess
    expect(result).toEqual({ outcome: 'late', status: 'CONFIRMED' });
    expect((await store.getOrder(ORDER_ID))?.version).toBe(2);
  });

  it('fails permanently for an order checkout does not have', async () => {
    // Prepare
    const store = inMemoryOrderStore();

    // Act
    const act = recordOrderProgress(reserved(), { ...store, now });

    // Assess
    await expect(act).rejects.toBeInstanceOf(UnknownOrderError);
    await expect(act).rejects.toMatchObject({ retryable: false, httpStatus: 404 });
  });

  it('retries when the write is refused yet the order read allows the move', async () => {
    // Prepare
    const store = inMemoryOrderStore();
    await store.saveNewOrder(newOrder());
    const deps = {
      advanceOrderStatus: (() => Promise.resolve('refused')) satisfies AdvanceOrderStatus,
      getOrder: store.getOrder,
      now,
    };

    // Act
    const act = recordOrderProgress(reserved(), deps);

    // Assess
    await expect(act).rejects.toBeInstanceOf(TransientError);
    await expect(act).rejects.toMatchObject({ retryable: true });
    expect((await store.getOrder(ORDER_ID))?.status).toBe('PLACED');
  });

  it('writes nothing for an event that moves no order', async () => {
    // Prepare
    const { store, calls, deps } = countingStore();
    await store.saveNewOrder(newOrder());

    // Act
    const result = await recordOrderProgress(placed, deps);

    // Assess
    expect(result).toEqual({ outcome: 'not-a-status-event', status: 'PLACED' });
    expect(calls).toEqual({ advance: 0, read: 1 });
  });
});
