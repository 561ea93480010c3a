import { buildEvent, type ConveyorEvent, exampleEventData } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { inMemoryOrderStore } from '../../tests/support/inMemoryOrderStore.ts';
import { applyOrderEvent } from './applyOrderEvent.ts';
import type { Order } from './order.ts';
import { recordOrderProgress, UnknownOrderError } from './recordOrderProgress.ts';

const ORDER_ID = '11111111-1111-4111-8111-111111111111';
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
      const { outcome, order } = applyOrderEvent(acc.order, event);
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

describe('recordOrderProgress', () => {
  it('stores a move and skips the write for a duplicate', async () => {
    // Prepare
    const store = inMemoryOrderStore();
    await store.saveNewOrder(newOrder());
    const event = reserved();

    // Act
    const first = await recordOrderProgress(event, store);
    const second = await recordOrderProgress(event, store);

    // Assess
    expect([first.outcome, second.outcome]).toEqual(['moved', 'duplicate']);
    expect((await store.getOrder(ORDER_ID))?.status).toBe('CONFIRMED');
  });

  it('writes once for a redelivery after a crash that followed the write', async () => {
    // Prepare
    const store = inMemoryOrderStore();
    await store.saveNewOrder(newOrder());
    const saves: number[] = [];
    const deps = {
      getOrder: store.getOrder,
      saveOrderProgress: async (order: Order, expectedVersion: number) => {
        saves.push(order.version);
        await store.saveOrderProgress(order, expectedVersion);
      },
    };
    const event = reserved();
    await recordOrderProgress(event, deps); // stored, then the invocation dies before its ack

    // Act
    const redelivered = await recordOrderProgress(event, deps);

    // Assess
    expect(redelivered).toEqual({ outcome: 'duplicate', status: 'CONFIRMED' });
    expect(saves).toEqual([2]);
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
      saveOrderProgress: () => Promise.reject(new Error('stopped before the write')),
    };
    await expect(recordOrderProgress(event, crashing)).rejects.toThrow('stopped');

    // Act
    const redelivered = await recordOrderProgress(event, store);

    // Assess
    expect(redelivered).toEqual({ outcome: 'moved', status: 'CONFIRMED' });
    const order = await store.getOrder(ORDER_ID);
    expect(order?.timeline.map((entry) => entry.eventId)).toEqual([placed.eventId, event.eventId]);
  });

  it('lets only one of two concurrent deliveries write; the retry of the other is a duplicate', async () => {
    // Prepare
    const store = inMemoryOrderStore();
    await store.saveNewOrder(newOrder());
    const event = reserved();
    const both = Promise.withResolvers<undefined>();
    let reads = 0;
    const deps = {
      // Both deliveries read version 1 before either writes.
      getOrder: async (orderId: string) => {
        const order = await store.getOrder(orderId);
        if (++reads === 2) both.resolve(undefined);
        await both.promise;
        return order;
      },
      saveOrderProgress: store.saveOrderProgress,
    };

    // Act
    const attempts = await Promise.allSettled([
      recordOrderProgress(event, deps),
      recordOrderProgress(event, deps),
    ]);
    const retry = await recordOrderProgress(event, store);

    // Assess
    expect(attempts.map((attempt) => attempt.status).toSorted()).toEqual(['fulfilled', 'rejected']);
    expect(retry.outcome).toBe('duplicate');
    const order = await store.getOrder(ORDER_ID);
    expect(order?.timeline).toHaveLength(2);
    expect(order?.version).toBe(2);
  });

  it('writes nothing for a redelivered event the order has moved past', async () => {
    // Prepare
    const store = inMemoryOrderStore();
    await store.saveNewOrder(newOrder());
    const late = reserved();
    await recordOrderProgress(shipped(), store);
    await recordOrderProgress(late, store);
    const before = await store.getOrder(ORDER_ID);

    // Act
    const redelivered = await recordOrderProgress(late, store);

    // Assess
    expect(redelivered).toEqual({ outcome: 'late', status: 'SHIPPED' });
    expect(await store.getOrder(ORDER_ID)).toEqual(before);
  });

  it('fails permanently for an order checkout does not have', async () => {
    // Prepare
    const store = inMemoryOrderStore();

    // Act
    const act = recordOrderProgress(reserved(), store);

    // Assess
    await expect(act).rejects.toBeInstanceOf(UnknownOrderError);
    await expect(act).rejects.toMatchObject({ retryable: false, httpStatus: 404 });
  });
});
