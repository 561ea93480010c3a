// In-memory fakes of the domain's ports, with the same conditional semantics as the DynamoDB
// adapters: each port call is atomic, holds are recorded per order, decisions are first-wins.
import { randomUUID } from 'node:crypto';
import {
  type DecideReservation,
  type OutcomeEvent,
  type Reservation,
  ReservationStates,
  type StartReservation,
} from '../../src/domain/reservation.ts';
import type { ReserveOrderDeps } from '../../src/domain/reserveOrder.ts';
import type {
  GetStockLevel,
  HoldStock,
  ReleaseStock,
  SetOnHand,
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
  readonly setOnHand: SetOnHand;
  readonly stock: Map<string, FakeStockItem>;
  readonly reservations: Map<string, Reservation>;
  readonly published: OutcomeEvent[];
  /** The stock of a SKU, without its holds. */
  readonly level: (sku: string) => StockLevel | undefined;
  /** The holds of a SKU, by order id. */
  readonly holdsOf: (sku: string) => Record<string, number>;
}

/**
 * Fakes of every port `reserveOrder` uses, with stock of `onHand` units per SKU (unlisted SKUs
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
    reservations.set(reservation.orderId, structuredClone(reservation));
    return reservation;
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
      getStockLevel,
      publishEvent: async (event) => {
        await Promise.resolve();
        published.push(structuredClone(event));
      },
      now: () => {
        clock += 1_000;
        return new Date(clock);
      },
      newEventId: randomUUID,
    },
    setOnHand,
    stock,
    reservations,
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
