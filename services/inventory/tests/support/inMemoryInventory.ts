// In-memory fakes of the domain's ports, with the same conditional semantics as the DynamoDB
// adapters: each port call is atomic, holds are recorded per order, decisions are first-wins.
import { randomUUID } from 'node:crypto';
import {
  type DecideReservation,
  type OutcomeEvent,
  type RecordedShipment,
  type RecordShipment,
  type Reservation,
  ReservationStates,
  type StartReservation,
} from '../../src/domain/reservation.ts';
import type { ReserveOrderDeps } from '../../src/domain/reserveOrder.ts';
import type { ShipOrderDeps } from '../../src/domain/shipOrder.ts';
import type {
  GetStockLevel,
  HoldStock,
  ReleaseStock,
  SetOnHand,
  ShipHeldStock,
  StockLevel,
} from '../../src/domain/stock.ts';

/** A stock item as the fake keeps it: the stored shape, with holds in a map. */
export interface FakeStockItem {
  onHand: number;
  reserved: number;
  available: number;
  readonly holds: Map<string, number>;
}

/** The fakes, their state, and what they were asked to do. */
export interface InMemoryInventory {
  readonly deps: ReserveOrderDeps;
  readonly shipDeps: ShipOrderDeps;
  readonly setOnHand: SetOnHand;
  readonly stock: Map<string, FakeStockItem>;
  readonly reservations: Map<string, Reservation>;
  /** Shipments recorded before their order's reservation, by order id. */
  readonly shipmentsOnly: Map<string, RecordedShipment>;
  readonly published: OutcomeEvent[];
  /** The stock of a SKU, without its holds. */
  readonly level: (sku: string) => StockLevel | undefined;
  /** The holds of a SKU, by order id. */
  readonly holdsOf: (sku: string) => Record<string, number>;
}

/**
 * Fakes of every port `reserveOrder` and `shipOrder` use, with stock of `onHand` units per SKU (unlisted SKUs
 * are unknown).
 */
export const makeInMemoryInventory = (
  onHand: Readonly<Record<string, number>> = {},
): InMemoryInventory => {
  const stock = new Map<string, FakeStockItem>(
    Object.entries(onHand).map(([sku, units]) => [
      sku,
      { onHand: units, reserved: 0, available: units, holds: new Map() },
    ]),
  );
  const reservations = new Map<string, Reservation>();
  const shipmentsOnly = new Map<string, RecordedShipment>();
  const published: OutcomeEvent[] = [];
  let clock = Date.parse('2026-11-22T10:00:00.000Z');

  const level = (sku: string): StockLevel | undefined => {
    const item = stock.get(sku);
    return item === undefined
      ? undefined
      : { sku, onHand: item.onHand, reserved: item.reserved, available: item.available };
  };

  const holdStock: HoldStock = async ({ sku, orderId, quantity }) => {
    await Promise.resolve();
    const item = stock.get(sku);
    if (item === undefined) return { kind: 'unknown-sku' };
    if (item.holds.has(orderId)) return { kind: 'already-held' };
    if (item.available < quantity) return { kind: 'short', available: item.available };
    item.available -= quantity;
    item.reserved += quantity;
    item.holds.set(orderId, quantity);
    return { kind: 'held' };
  };

  const releaseStock: ReleaseStock = async ({ sku, orderId }) => {
    await Promise.resolve();
    const item = stock.get(sku);
    const held = item?.holds.get(orderId);
    if (item === undefined || held === undefined) return 'not-held';
    item.available += held;
    item.reserved -= held;
    item.holds.delete(orderId);
    return 'released';
  };

  const shipHeldStock: ShipHeldStock = async ({ sku, orderId }) => {
    await Promise.resolve();
    const item = stock.get(sku);
    const held = item?.holds.get(orderId);
    if (item === undefined || held === undefined) return 'not-held';
    item.onHand -= held;
    item.reserved -= held;
    item.holds.delete(orderId);
    return 'shipped';
  };

  const getStockLevel: GetStockLevel = async (sku) => Promise.resolve(level(sku));

  const setOnHand: SetOnHand = async (sku, units) => {
    await Promise.resolve();
    const item = stock.get(sku);
    if (item === undefined) {
      stock.set(sku, { onHand: units, reserved: 0, available: units, holds: new Map() });
      return { kind: 'set', created: true, level: level(sku)! };
    }
    if (item.reserved > units) return { kind: 'below-reserved', level: level(sku)! };
    item.onHand = units;
    item.available = units - item.reserved;
    return { kind: 'set', created: false, level: level(sku)! };
  };

  const startReservation: StartReservation = async (reservation) => {
    await Promise.resolve();
    const existing = reservations.get(reservation.orderId);
    if (existing !== undefined) return structuredClone(existing);
    const shipment = shipmentsOnly.get(reservation.orderId);
    const started = shipment === undefined ? reservation : { ...reservation, shipment };
    shipmentsOnly.delete(reservation.orderId);
    reservations.set(reservation.orderId, structuredClone(started));
    return structuredClone(started);
  };

  const recordShipment: RecordShipment = async (orderId, shipment) => {
    await Promise.resolve();
    const existing = reservations.get(orderId);
    const recorded = existing?.shipment ?? shipmentsOnly.get(orderId);
    if (recorded !== undefined) {
      return recorded.shipmentId === shipment.shipmentId
        ? { kind: 'already-recorded', reservation: structuredClone(existing) }
        : { kind: 'other-shipment', shipment: structuredClone(recorded) };
    }
    if (existing?.state === ReservationStates.Failed) return { kind: 'rejected-order' };
    if (existing === undefined) {
      shipmentsOnly.set(orderId, structuredClone(shipment));
      return { kind: 'recorded', reservation: undefined };
    }
    const withShipment = { ...existing, shipment: structuredClone(shipment) };
    reservations.set(orderId, withShipment);
    return { kind: 'recorded', reservation: structuredClone(withShipment) };
  };

  const now = () => {
    clock += 1_000;
    return new Date(clock);
  };

  const decideReservation: DecideReservation = async (orderId, outcome, decidedAt) => {
    await Promise.resolve();
    const existing = reservations.get(orderId);
    if (existing === undefined) throw new Error(`no reservation for ${orderId}`);
    if (existing.state !== ReservationStates.Pending) return structuredClone(existing);
    const decided = {
      ...existing,
      state:
        outcome.eventType === 'inventory.reserved'
          ? ReservationStates.Reserved
          : ReservationStates.Failed,
      outcome: structuredClone(outcome),
      updatedAt: decidedAt,
    };
    reservations.set(orderId, decided);
    return structuredClone(decided);
  };

  return {
    deps: {
      startReservation,
      decideReservation,
      holdStock,
      releaseStock,
      shipHeldStock,
      getStockLevel,
      publishEvent: async (event) => {
        await Promise.resolve();
        published.push(structuredClone(event));
      },
      now,
      newEventId: randomUUID,
    },
    shipDeps: { recordShipment, shipHeldStock, now },
    setOnHand,
    stock,
    reservations,
    shipmentsOnly,
    published,
    level,
    holdsOf: (sku) => Object.fromEntries(stock.get(sku)?.holds ?? []),
  };
};

/** Raised by {@link crashAfter}: stands for the process dying mid-way. */
export class SimulatedCrash extends Error {
  public constructor() {
    super('simulated crash');
    this.name = 'SimulatedCrash';
  }
}

/** Wraps a port so that it works `calls` times, then throws as if the process had died. */
export const crashAfter = <TArgs extends unknown[], TResult>(
  calls: number,
  port: (...args: TArgs) => Promise<TResult>,
): ((...args: TArgs) => Promise<TResult>) => {
  let made = 0;
  return async (...args) => {
    if (made >= calls) throw new SimulatedCrash();
    made += 1;
    return port(...args);
  };
};
