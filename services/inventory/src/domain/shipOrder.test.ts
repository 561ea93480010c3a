import { describe, expect, it } from 'vitest';
import {
  crashAfter,
  makeInMemoryInventory,
  SimulatedCrash,
} from '../../tests/support/inMemoryInventory.ts';
import { orderPlaced } from '../../tests/support/orderPlaced.ts';
import { shipmentCreated } from '../../tests/support/shipmentCreated.ts';
import { reserveOrder } from './reserveOrder.ts';
import {
  ConflictingShipmentError,
  ShipmentOfRejectedOrderError,
  shipOrder,
  ShipOrderOutcomes,
} from './shipOrder.ts';

describe('shipOrder', () => {
  it('takes a reserved order’s held units off on-hand and removes its holds', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 10, 'SKU-B': 5 });
    const placed = orderPlaced([
      ['SKU-A', 2],
      ['SKU-B', 3],
    ]);
    await reserveOrder(placed, inventory.deps);
    const shipped = shipmentCreated(placed.aggregateId);

    // Act
    const result = await shipOrder(shipped, inventory.shipDeps);

    // Assess
    expect(result).toEqual({
      orderId: placed.aggregateId,
      shipmentId: shipped.data.shipmentId,
      outcome: ShipOrderOutcomes.Shipped,
      replayed: false,
      shippedNow: [
        { sku: 'SKU-A', quantity: 2 },
        { sku: 'SKU-B', quantity: 3 },
      ],
    });
    expect(inventory.level('SKU-A')).toEqual({
      sku: 'SKU-A',
      onHand: 8,
      reserved: 0,
      available: 8,
    });
    expect(inventory.level('SKU-B')).toEqual({
      sku: 'SKU-B',
      onHand: 2,
      reserved: 0,
      available: 2,
    });
    expect(inventory.holdsOf('SKU-A')).toEqual({});
    expect(inventory.reservations.get(placed.aggregateId)?.shipment).toEqual({
      shipmentId: shipped.data.shipmentId,
      eventId: shipped.eventId,
      recordedAt: expect.any(String) as unknown,
    });
  });

  it('leaves other orders’ holds on the same SKU in place', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 10 });
    const [first, second] = [orderPlaced([['SKU-A', 2]]), orderPlaced([['SKU-A', 3]])];
    await reserveOrder(first, inventory.deps);
    await reserveOrder(second, inventory.deps);

    // Act
    await shipOrder(shipmentCreated(first.aggregateId), inventory.shipDeps);

    // Assess
    expect(inventory.level('SKU-A')).toMatchObject({ onHand: 8, reserved: 3, available: 5 });
    expect(inventory.holdsOf('SKU-A')).toEqual({ [second.aggregateId]: 3 });
  });

  it('decrements once when the same shipment comes again, with the same or a new eventId', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 10 });
    const placed = orderPlaced([['SKU-A', 4]]);
    await reserveOrder(placed, inventory.deps);
    const shipped = shipmentCreated(placed.aggregateId);
    const republished = shipmentCreated(placed.aggregateId, shipped.data.shipmentId);
    const first = await shipOrder(shipped, inventory.shipDeps);

    // Act
    const again = await shipOrder(shipped, inventory.shipDeps);
    const fromRepublish = await shipOrder(republished, inventory.shipDeps);

    // Assess
    expect(republished.eventId).not.toBe(shipped.eventId);
    expect(first.shippedNow).toEqual([{ sku: 'SKU-A', quantity: 4 }]);
    for (const later of [again, fromRepublish]) {
      expect(later).toMatchObject({ outcome: 'SHIPPED', replayed: true, shippedNow: [] });
    }
    expect(inventory.level('SKU-A')).toMatchObject({ onHand: 6, reserved: 0, available: 6 });
    expect(inventory.reservations.get(placed.aggregateId)?.shipment?.eventId).toBe(shipped.eventId);
  });

  it('finishes on redelivery after a crash between two SKUs, without decrementing the first twice', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 10, 'SKU-B': 10 });
    const placed = orderPlaced([
      ['SKU-A', 1],
      ['SKU-B', 2],
    ]);
    await reserveOrder(placed, inventory.deps);
    const shipped = shipmentCreated(placed.aggregateId);
    const crashing = {
      ...inventory.shipDeps,
      shipHeldStock: crashAfter(1, inventory.shipDeps.shipHeldStock),
    };
    await expect(shipOrder(shipped, crashing)).rejects.toBeInstanceOf(SimulatedCrash);
    expect(inventory.level('SKU-A')).toMatchObject({ onHand: 9, reserved: 0 });
    expect(inventory.level('SKU-B')).toMatchObject({ onHand: 10, reserved: 2 });

    // Act
    const result = await shipOrder(shipped, inventory.shipDeps);

    // Assess
    expect(result).toMatchObject({
      outcome: 'SHIPPED',
      replayed: true,
      shippedNow: [{ sku: 'SKU-B', quantity: 2 }],
    });
    expect(inventory.level('SKU-A')).toMatchObject({ onHand: 9, reserved: 0, available: 9 });
    expect(inventory.level('SKU-B')).toMatchObject({ onHand: 8, reserved: 0, available: 8 });
  });

  it('keeps a shipment that comes before the reservation, which then takes the units off on-hand', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 10, 'SKU-B': 5 });
    const placed = orderPlaced([
      ['SKU-A', 2],
      ['SKU-B', 1],
    ]);
    const shipped = shipmentCreated(placed.aggregateId);

    // Act
    const early = await shipOrder(shipped, inventory.shipDeps);
    const stockBefore = inventory.level('SKU-A');
    const reserved = await reserveOrder(placed, inventory.deps);

    // Assess
    expect(early).toMatchObject({ outcome: 'AWAITING_RESERVATION', shippedNow: [] });
    expect(stockBefore).toEqual({ sku: 'SKU-A', onHand: 10, reserved: 0, available: 10 });
    expect(reserved).toMatchObject({
      state: 'RESERVED',
      shipmentRecorded: true,
      shippedNow: [
        { sku: 'SKU-A', quantity: 2 },
        { sku: 'SKU-B', quantity: 1 },
      ],
    });
    expect(inventory.level('SKU-A')).toEqual({
      sku: 'SKU-A',
      onHand: 8,
      reserved: 0,
      available: 8,
    });
    expect(inventory.level('SKU-B')).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
    expect(inventory.holdsOf('SKU-A')).toEqual({});
    expect(inventory.published.map((event) => event.eventType)).toEqual(['inventory.reserved']);
  });

  it('decrements once when the early shipment and the order are both delivered again', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 10 });
    const placed = orderPlaced([['SKU-A', 3]]);
    const shipped = shipmentCreated(placed.aggregateId);
    await shipOrder(shipped, inventory.shipDeps);
    await reserveOrder(placed, inventory.deps);

    // Act
    const shipAgain = await shipOrder(shipped, inventory.shipDeps);
    const reserveAgain = await reserveOrder(placed, inventory.deps);

    // Assess
    expect(shipAgain).toMatchObject({ outcome: 'SHIPPED', replayed: true, shippedNow: [] });
    expect(reserveAgain).toMatchObject({ state: 'RESERVED', replayed: true, shippedNow: [] });
    expect(inventory.level('SKU-A')).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
  });

  it('leaves a shipment recorded while the reservation is pending for the reservation to settle', async () => {
    // Prepare: the first attempt holds A and dies before holding B.
    const inventory = makeInMemoryInventory({ 'SKU-A': 5, 'SKU-B': 5 });
    const placed = orderPlaced([
      ['SKU-A', 2],
      ['SKU-B', 3],
    ]);
    const crashing = { ...inventory.deps, holdStock: crashAfter(1, inventory.deps.holdStock) };
    await expect(reserveOrder(placed, crashing)).rejects.toBeInstanceOf(SimulatedCrash);

    // Act
    const pending = await shipOrder(shipmentCreated(placed.aggregateId), inventory.shipDeps);
    const heldMeanwhile = inventory.level('SKU-A');
    const reserved = await reserveOrder(placed, inventory.deps);

    // Assess
    expect(pending).toMatchObject({ outcome: 'AWAITING_RESERVATION', shippedNow: [] });
    expect(heldMeanwhile).toMatchObject({ onHand: 5, reserved: 2 });
    expect(reserved).toMatchObject({ state: 'RESERVED', shipmentRecorded: true });
    expect(inventory.level('SKU-A')).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    expect(inventory.level('SKU-B')).toMatchObject({ onHand: 2, reserved: 0, available: 2 });
  });

  it('ships once when the shipment is recorded while the reservation is being decided', async () => {
    // Prepare: the shipment lands between the last hold and the decision.
    const inventory = makeInMemoryInventory({ 'SKU-A': 5 });
    const placed = orderPlaced([['SKU-A', 2]]);
    const shipped = shipmentCreated(placed.aggregateId);
    let early: Awaited<ReturnType<typeof shipOrder>> | undefined;
    const racing = {
      ...inventory.deps,
      holdStock: async (hold: { sku: string; orderId: string; quantity: number }) => {
        const result = await inventory.deps.holdStock(hold);
        early = await shipOrder(shipped, inventory.shipDeps);
        return result;
      },
    };

    // Act
    const reserved = await reserveOrder(placed, racing);

    // Assess
    expect(early).toMatchObject({ outcome: 'AWAITING_RESERVATION' });
    expect(reserved).toMatchObject({ state: 'RESERVED', shipmentRecorded: true });
    expect(inventory.level('SKU-A')).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
  });

  it('takes nothing off when the reservation of an early-shipped order fails', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 1 });
    const placed = orderPlaced([['SKU-A', 2]]);
    const shipped = shipmentCreated(placed.aggregateId);
    await shipOrder(shipped, inventory.shipDeps);

    // Act
    const failed = await reserveOrder(placed, inventory.deps);
    const shipAgain = await shipOrder(shipped, inventory.shipDeps);

    // Assess
    expect(failed).toMatchObject({ state: 'FAILED', shipmentRecorded: true, shippedNow: [] });
    expect(shipAgain).toMatchObject({ outcome: 'NOT_RESERVED', shippedNow: [] });
    expect(inventory.level('SKU-A')).toEqual({
      sku: 'SKU-A',
      onHand: 1,
      reserved: 0,
      available: 1,
    });
  });

  it('refuses a second shipment for an order, and moves no stock', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 10 });
    const placed = orderPlaced([['SKU-A', 2]]);
    await reserveOrder(placed, inventory.deps);
    const first = shipmentCreated(placed.aggregateId);
    await shipOrder(first, inventory.shipDeps);

    // Act
    const attempt = shipOrder(shipmentCreated(placed.aggregateId), inventory.shipDeps);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ConflictingShipmentError);
    await expect(attempt).rejects.toMatchObject({ retryable: false });
    expect(inventory.level('SKU-A')).toMatchObject({ onHand: 8, reserved: 0 });
    expect(inventory.reservations.get(placed.aggregateId)?.shipment?.shipmentId).toBe(
      first.data.shipmentId,
    );
  });

  it('refuses a shipment of an order whose reservation failed, and records nothing', async () => {
    // Prepare
    const inventory = makeInMemoryInventory({ 'SKU-A': 1 });
    const placed = orderPlaced([['SKU-A', 2]]);
    await reserveOrder(placed, inventory.deps);

    // Act
    const attempt = shipOrder(shipmentCreated(placed.aggregateId), inventory.shipDeps);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ShipmentOfRejectedOrderError);
    await expect(attempt).rejects.toMatchObject({ retryable: false });
    expect(inventory.reservations.get(placed.aggregateId)?.shipment).toBeUndefined();
    expect(inventory.level('SKU-A')).toMatchObject({ onHand: 1, reserved: 0, available: 1 });
  });
});
