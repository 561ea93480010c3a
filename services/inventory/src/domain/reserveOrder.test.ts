import { describe, expect, it } from 'vitest';
import {
  crashAfter,
  makeInMemoryInventory,
  SimulatedCrash,
} from '../../tests/support/inMemoryInventory.ts';
import { orderPlaced } from '../../tests/support/orderPlaced.ts';
import { shipmentCreated } from '../../tests/support/shipmentCreated.ts';
import { ReservationStates } from './reservation.ts';
import { ConflictingOrderError, reserveOrder, toReservationLines } from './reserveOrder.ts';
import { shipOrder } from './shipOrder.ts';

describe('reserveOrder', () => {
  it('reserves every line, moves the stock and announces inventory.reserved', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'TSHIRT-RED-M': 10, 'MUG-LOGO': 5 });
    const placed = orderPlaced([
      ['TSHIRT-RED-M', 2],
      ['MUG-LOGO', 1],
    ]);

    // Act
    const result = await reserveOrder(placed, inventory.deps);

    // Assess
    expect(result).toMatchObject({ state: 'RESERVED', replayed: false, shortfalls: [] });
    expect(inventory.level('TSHIRT-RED-M')).toMatchObject({
      onHand: 10,
      reserved: 2,
      available: 8,
    });
    expect(inventory.level('MUG-LOGO')).toMatchObject({ onHand: 5, reserved: 1, available: 4 });
    expect(inventory.holdsOf('TSHIRT-RED-M')).toEqual({ [placed.aggregateId]: 2 });
    expect(inventory.published).toHaveLength(1);
    const [reserved] = inventory.published;
    expect(reserved).toMatchObject({
      eventId: result.outcomeEventId,
      eventType: 'inventory.reserved',
      source: 'inventory',
      aggregateId: placed.aggregateId,
      metadata: {
        correlationId: placed.metadata.correlationId,
        causationId: placed.eventId,
        userId: 'cus-1001',
      },
      data: {
        customer: placed.data.customer,
        shippingAddress: placed.data.shippingAddress,
        currency: placed.data.currency,
        total: placed.data.total,
        lines: [
          { sku: 'TSHIRT-RED-M', name: 'Item TSHIRT-RED-M', quantity: 2 },
          { sku: 'MUG-LOGO', name: 'Item MUG-LOGO', quantity: 1 },
        ],
      },
    });
    expect(inventory.reservations.get(placed.aggregateId)?.state).toBe(ReservationStates.Reserved);
  });

  it('reserves nothing when one line is short: releases the earlier lines and reports every shortfall', async () => {
    // Prepare: holds go in SKU order, so A is held before B falls short; C is short too.
    const inventory = makeInMemoryInventory({ 'SKU-A': 10, 'SKU-B': 1, 'SKU-C': 0 });
    const placed = orderPlaced([
      ['SKU-C', 1],
      ['SKU-B', 2],
      ['SKU-A', 3],
    ]);

    // Act
    const result = await reserveOrder(placed, inventory.deps);

    // Assess
    expect(result.state).toBe('FAILED');
    expect(result.shortfalls).toEqual([
      { sku: 'SKU-B', name: 'Item SKU-B', requested: 2, available: 1 },
      { sku: 'SKU-C', name: 'Item SKU-C', requested: 1, available: 0 },
    ]);
    for (const [sku, units] of [
      ['SKU-A', 10],
      ['SKU-B', 1],
      ['SKU-C', 0],
    ] as const) {
      expect(inventory.level(sku)).toEqual({ sku, onHand: units, reserved: 0, available: units });
      expect(inventory.holdsOf(sku)).toEqual({});
    }
    expect(inventory.published).toHaveLength(1);
    expect(inventory.published[0]).toMatchObject({
      eventType: 'inventory.reservation-failed',
      eventId: result.outcomeEventId,
      metadata: { correlationId: placed.metadata.correlationId, causationId: placed.eventId },
      data: { customer: placed.data.customer, shortfalls: result.shortfalls },
    });
  });

  it('converges on one outcome when a crash between two holds is followed by a redelivery', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 5, 'SKU-B': 5 });
    const placed = orderPlaced([
      ['SKU-A', 2],
      ['SKU-B', 3],
    ]);
    const crashing = { ...inventory.deps, holdStock: crashAfter(1, inventory.deps.holdStock) };
    await expect(reserveOrder(placed, crashing)).rejects.toBeInstanceOf(SimulatedCrash);
    expect(inventory.holdsOf('SKU-A')).toEqual({ [placed.aggregateId]: 2 });

    // Act: the same event again, as SQS redelivers it.
    const result = await reserveOrder(placed, inventory.deps);

    // Assess: the first hold is reused, not taken twice.
    expect(result.state).toBe('RESERVED');
    expect(inventory.level('SKU-A')).toMatchObject({ reserved: 2, available: 3 });
    expect(inventory.level('SKU-B')).toMatchObject({ reserved: 3, available: 2 });
    expect(inventory.holdsOf('SKU-A')).toEqual({ [placed.aggregateId]: 2 });
    expect(inventory.published.map((event) => event.eventType)).toEqual(['inventory.reserved']);
  });

  it('releases the holds of a crashed attempt when the redelivery finds a line short', async () => {
    // Prepare: the first attempt holds A and dies; B is sold out in the meantime.
    const inventory = makeInMemoryInventory({ 'SKU-A': 5, 'SKU-B': 5 });
    const placed = orderPlaced([
      ['SKU-A', 2],
      ['SKU-B', 3],
    ]);
    const crashing = { ...inventory.deps, holdStock: crashAfter(1, inventory.deps.holdStock) };
    await expect(reserveOrder(placed, crashing)).rejects.toBeInstanceOf(SimulatedCrash);
    await inventory.deps.holdStock({ sku: 'SKU-B', orderId: 'someone-else', quantity: 4 });

    // Act
    const result = await reserveOrder(placed, inventory.deps);

    // Assess
    expect(result).toMatchObject({
      state: 'FAILED',
      shortfalls: [{ sku: 'SKU-B', requested: 3, available: 1 }],
    });
    expect(inventory.level('SKU-A')).toMatchObject({ reserved: 0, available: 5 });
    expect(inventory.holdsOf('SKU-A')).toEqual({});
    expect(inventory.holdsOf('SKU-B')).toEqual({ 'someone-else': 4 });
    expect(inventory.published).toHaveLength(1);
  });

  it('releases on redelivery when the crash came after FAILED was recorded, and republishes the same event', async () => {
    // Prepare: A is held, B falls short, FAILED is recorded, then the release dies.
    const inventory = makeInMemoryInventory({ 'SKU-A': 5, 'SKU-B': 0 });
    const placed = orderPlaced([
      ['SKU-A', 2],
      ['SKU-B', 1],
    ]);
    const crashing = {
      ...inventory.deps,
      releaseStock: crashAfter(0, inventory.deps.releaseStock),
    };
    await expect(reserveOrder(placed, crashing)).rejects.toBeInstanceOf(SimulatedCrash);
    const decided = inventory.reservations.get(placed.aggregateId);
    expect(decided?.state).toBe(ReservationStates.Failed);
    expect(inventory.holdsOf('SKU-A')).toEqual({ [placed.aggregateId]: 2 });
    expect(inventory.published).toHaveLength(0);

    // Act
    const result = await reserveOrder(placed, inventory.deps);

    // Assess
    expect(result).toMatchObject({ state: 'FAILED', replayed: true });
    expect(inventory.holdsOf('SKU-A')).toEqual({});
    expect(inventory.level('SKU-A')).toMatchObject({ reserved: 0, available: 5 });
    expect(inventory.published.map((event) => event.eventId)).toEqual([
      decided?.state === 'FAILED' ? decided.outcome.eventId : 'missing',
    ]);
  });

  it('republishes the stored outcome event on a redelivery after the decision, and moves no stock', async () => {
    // Prepare: the order fails, then stock arrives and a later copy of order.placed comes in.
    const inventory = makeInMemoryInventory({ 'SKU-A': 1 });
    const placed = orderPlaced([['SKU-A', 2]]);
    const first = await reserveOrder(placed, inventory.deps);
    await inventory.setOnHand('SKU-A', 50);
    const later = orderPlaced([['SKU-A', 2]], placed.aggregateId);

    // Act
    const again = await reserveOrder(placed, inventory.deps);
    const fromLater = await reserveOrder(later, inventory.deps);

    // Assess
    expect(first).toMatchObject({ state: 'FAILED', replayed: false });
    expect(again).toEqual({ ...first, replayed: true });
    expect(fromLater).toEqual({ ...first, replayed: true });
    expect(inventory.published).toHaveLength(3);
    expect(inventory.published[1]).toEqual(inventory.published[0]);
    expect(inventory.published[2]).toEqual(inventory.published[0]);
    expect(inventory.level('SKU-A')).toEqual({
      sku: 'SKU-A',
      onHand: 50,
      reserved: 0,
      available: 50,
    });
  });

  it('publishes the same event id again when publishing failed the first time', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 3 });
    const placed = orderPlaced([['SKU-A', 1]]);
    const failingPublish = {
      ...inventory.deps,
      publishEvent: crashAfter(0, inventory.deps.publishEvent),
    };
    await expect(reserveOrder(placed, failingPublish)).rejects.toBeInstanceOf(SimulatedCrash);

    // Act
    const result = await reserveOrder(placed, inventory.deps);

    // Assess
    const stored = inventory.reservations.get(placed.aggregateId);
    expect(stored?.state === 'RESERVED' ? stored.outcome.eventId : undefined).toBe(
      result.outcomeEventId,
    );
    expect(inventory.published.map((event) => event.eventId)).toEqual([result.outcomeEventId]);
    expect(inventory.level('SKU-A')).toMatchObject({ reserved: 1, available: 2 });
  });

  it('holds nothing more and republishes the same event when a reserved order comes again, before and after shipping', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 10 });
    const placed = orderPlaced([['SKU-A', 3]]);
    const first = await reserveOrder(placed, inventory.deps);

    // Act
    const again = await reserveOrder(placed, inventory.deps);
    await shipOrder(shipmentCreated(placed.aggregateId), inventory.shipDeps);
    const afterShipping = await reserveOrder(placed, inventory.deps);

    // Assess
    expect(first).toMatchObject({ state: 'RESERVED', replayed: false });
    expect(again).toEqual({ ...first, replayed: true });
    expect(afterShipping).toEqual({ ...first, replayed: true, shipmentRecorded: true });
    expect(inventory.published.map((event) => event.eventId)).toEqual([
      first.outcomeEventId,
      first.outcomeEventId,
      first.outcomeEventId,
    ]);
    expect(inventory.level('SKU-A')).toEqual({
      sku: 'SKU-A',
      onHand: 7,
      reserved: 0,
      available: 7,
    });
    expect(inventory.holdsOf('SKU-A')).toEqual({});
  });

  it('ships and publishes the stored event once on redelivery after a crash between the decision and the publish', async () => {
    // Prepare: the shipment came first; the attempt decides RESERVED, then dies shipping.
    const inventory = makeInMemoryInventory({ 'SKU-A': 10 });
    const placed = orderPlaced([['SKU-A', 3]]);
    await shipOrder(shipmentCreated(placed.aggregateId), inventory.shipDeps);
    const crashing = {
      ...inventory.deps,
      shipHeldStock: crashAfter(0, inventory.deps.shipHeldStock),
    };
    await expect(reserveOrder(placed, crashing)).rejects.toBeInstanceOf(SimulatedCrash);
    const decided = inventory.reservations.get(placed.aggregateId);

    // Act
    const result = await reserveOrder(placed, inventory.deps);

    // Assess
    expect(decided?.state).toBe(ReservationStates.Reserved);
    expect(result).toMatchObject({
      state: 'RESERVED',
      replayed: true,
      shipmentRecorded: true,
      shippedNow: [{ sku: 'SKU-A', quantity: 3 }],
    });
    expect(inventory.published.map((event) => event.eventId)).toEqual([
      decided?.state === 'RESERVED' ? decided.outcome.eventId : 'missing',
    ]);
    expect(inventory.level('SKU-A')).toEqual({
      sku: 'SKU-A',
      onHand: 7,
      reserved: 0,
      available: 7,
    });
  });

  it('holds a SKU that appears on several lines once, for the sum of its quantities', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 5 });
    const placed = orderPlaced([
      ['SKU-A', 2],
      ['SKU-A', 3],
    ]);

    // Act
    const result = await reserveOrder(placed, inventory.deps);

    // Assess
    expect(result.state).toBe('RESERVED');
    expect(inventory.holdsOf('SKU-A')).toEqual({ [placed.aggregateId]: 5 });
    expect(inventory.level('SKU-A')).toMatchObject({ reserved: 5, available: 0 });
    expect(inventory.published[0]?.data).toMatchObject({
      lines: [
        { sku: 'SKU-A', quantity: 2 },
        { sku: 'SKU-A', quantity: 3 },
      ],
    });
  });

  it('reports the summed quantity of repeated lines when they fall short together', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 4 });
    const placed = orderPlaced([
      ['SKU-A', 2],
      ['SKU-A', 3],
    ]);

    // Act
    const result = await reserveOrder(placed, inventory.deps);

    // Assess
    expect(result.shortfalls).toEqual([
      { sku: 'SKU-A', name: 'Item SKU-A', requested: 5, available: 4 },
    ]);
    expect(inventory.level('SKU-A')).toMatchObject({ reserved: 0, available: 4 });
  });

  it('treats an unknown SKU as nothing available', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 5 });
    const placed = orderPlaced([
      ['SKU-A', 1],
      ['NOT-STOCKED', 2],
    ]);

    // Act
    const result = await reserveOrder(placed, inventory.deps);

    // Assess
    expect(result.state).toBe('FAILED');
    expect(result.shortfalls).toEqual([
      { sku: 'NOT-STOCKED', name: 'Item NOT-STOCKED', requested: 2, available: 0 },
    ]);
    expect(inventory.holdsOf('SKU-A')).toEqual({});
    expect(inventory.stock.has('NOT-STOCKED')).toBe(false);
  });

  it('reads, without holding, the lines after the first shortage', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 0, 'SKU-B': 5 });
    const placed = orderPlaced([
      ['SKU-A', 1],
      ['SKU-B', 1],
    ]);
    const holds: string[] = [];
    const deps = {
      ...inventory.deps,
      holdStock: async (hold: { sku: string; orderId: string; quantity: number }) => {
        holds.push(hold.sku);
        return inventory.deps.holdStock(hold);
      },
    };

    // Act
    const result = await reserveOrder(placed, deps);

    // Assess: B had enough, so it is no shortfall, and it was never held.
    expect(result.shortfalls.map(({ sku }) => sku)).toEqual(['SKU-A']);
    expect(holds).toEqual(['SKU-A']);
  });

  it('refuses a different order.placed for an order whose reservation is still pending', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 5, 'SKU-B': 5 });
    const placed = orderPlaced([['SKU-A', 1]]);
    const crashing = { ...inventory.deps, holdStock: crashAfter(0, inventory.deps.holdStock) };
    await expect(reserveOrder(placed, crashing)).rejects.toBeInstanceOf(SimulatedCrash);
    const conflicting = orderPlaced([['SKU-B', 1]], placed.aggregateId);

    // Act
    const attempt = reserveOrder(conflicting, inventory.deps);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ConflictingOrderError);
    await expect(attempt).rejects.toMatchObject({ retryable: false });
    expect(inventory.holdsOf('SKU-B')).toEqual({});
    expect(inventory.published).toHaveLength(0);
  });

  it('publishes the outcome another attempt recorded first, not its own', async () => {
    // Prepare: a concurrent attempt decides while this one is holding stock.
    const inventory = makeInMemoryInventory({ 'SKU-A': 5 });
    const placed = orderPlaced([['SKU-A', 1]]);
    let otherOutcome = '';
    const racing = {
      ...inventory.deps,
      holdStock: async (hold: { sku: string; orderId: string; quantity: number }) => {
        const result = await inventory.deps.holdStock(hold);
        otherOutcome = (await reserveOrder(placed, inventory.deps)).outcomeEventId;
        return result;
      },
    };

    // Act
    const result = await reserveOrder(placed, racing);

    // Assess
    expect(result).toMatchObject({
      state: 'RESERVED',
      replayed: true,
      outcomeEventId: otherOutcome,
    });
    expect(inventory.published.map((event) => event.eventId)).toEqual([otherOutcome, otherOutcome]);
    expect(inventory.level('SKU-A')).toMatchObject({ reserved: 1, available: 4 });
  });
});

describe('toReservationLines', () => {
  it('adds up the lines of each SKU and sorts them by SKU', () => {
    // Prepare
    const { data } = orderPlaced([
      ['SKU-B', 1],
      ['SKU-A', 2],
      ['SKU-B', 4],
    ]);

    // Act
    const lines = toReservationLines(data.lines);

    // Assess
    expect(lines).toEqual([
      { sku: 'SKU-A', name: 'Item SKU-A', quantity: 2 },
      { sku: 'SKU-B', name: 'Item SKU-B', quantity: 5 },
    ]);
  });
});
