import { buildEvent, type EventData, type OrderPlacedV1 } from '@conveyor/event-types';
import { PermanentError } from '@conveyor/lambda-toolkit';
import {
  type DecideReservation,
  type OutcomeEvent,
  type ReservationLine,
  type ReservationState,
  ReservationStates,
  type StartReservation,
} from './reservation.ts';
import { type ShippedLine, shipHeldLines } from './shipOrder.ts';
import type { GetStockLevel, HoldStock, ReleaseStock, ShipHeldStock } from './stock.ts';

/** The ports `reserveOrder` needs. */
export interface ReserveOrderDeps {
  readonly startReservation: StartReservation;
  readonly decideReservation: DecideReservation;
  readonly holdStock: HoldStock;
  readonly releaseStock: ReleaseStock;
  /** Ships the holds of an order whose shipment was recorded before it was reserved. */
  readonly shipHeldStock: ShipHeldStock;
  readonly getStockLevel: GetStockLevel;
  /** Publishes an already-built outcome event, unchanged, so a republish keeps its eventId. */
  readonly publishEvent: (event: OutcomeEvent) => Promise<void>;
  readonly now: () => Date;
  readonly newEventId: () => string;
}

/** A SKU the order wanted more of than there was. */
export interface Shortfall {
  readonly sku: string;
  readonly name: string;
  readonly requested: number;
  readonly available: number;
}

/** What `reserveOrder` did, for the consumer's log. */
export interface ReserveOrderResult {
  readonly orderId: string;
  readonly state: Exclude<ReservationState, 'PENDING'>;
  readonly outcomeEventId: string;
  /** True when the outcome had been decided before (a redelivery) and was only republished. */
  readonly replayed: boolean;
  readonly shortfalls: readonly Shortfall[];
  /**
   * Units this call took off on-hand because the order's shipment had been recorded before it
   * was reserved (`shipment.created` came first); usually empty.
   */
  readonly shippedNow: readonly ShippedLine[];
  /**
   * True when the order's shipment is recorded: on a FAILED reservation it came before the
   * outcome (a FAILED one takes no shipment); on a RESERVED one, before or after it (a replay).
   * Timestamps from two functions' clocks could not tell which came first.
   */
  readonly shipmentRecorded: boolean;
}

/**
 * Raised when an order's reservation is in progress for different lines than this event's.
 * Permanent: the two announcements of the order contradict each other, and no retry reconciles
 * them.
 */
export class ConflictingOrderError extends PermanentError {
  public override readonly name = 'ConflictingOrderError';

  public constructor(orderId: string, orderEventId: string) {
    super(
      `Order ${orderId} is already being reserved for other lines (order.placed ${orderEventId}); refusing to mix the two`,
      { httpStatus: 409 },
    );
  }
}

const compareSku = (a: ReservationLine, b: ReservationLine): number =>
  a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;

/**
 * One entry per SKU with the quantities of its lines added up, sorted by SKU. The contract does
 * not forbid repeating a SKU, and two holds of one SKU for one order would collide. Taking holds
 * in one global order means two orders competing for the same SKUs meet at the first one, so
 * one of them wins everything instead of each holding part and both failing.
 */
export const toReservationLines = (lines: OrderPlacedV1['data']['lines']): ReservationLine[] => {
  const bySku = new Map<string, ReservationLine>();
  for (const { sku, name, quantity } of lines) {
    const seen = bySku.get(sku);
    bySku.set(sku, { sku, name: seen?.name ?? name, quantity: (seen?.quantity ?? 0) + quantity });
  }
  return [...bySku.values()].sort(compareSku);
};

const sameLines = (a: readonly ReservationLine[], b: readonly ReservationLine[]): boolean =>
  a.length === b.length &&
  a.every((line, index) => line.sku === b[index]?.sku && line.quantity === b[index].quantity);

const shortfallOf = (line: ReservationLine, available: number): Shortfall => ({
  sku: line.sku,
  name: line.name,
  requested: line.quantity,
  available,
});

/** Holds every line in turn; at the first shortage, stops and reports all that fall short. */
const holdLines = async (
  orderId: string,
  lines: readonly ReservationLine[],
  deps: ReserveOrderDeps,
): Promise<Shortfall[]> => {
  for (const [index, line] of lines.entries()) {
    const result = await deps.holdStock({ sku: line.sku, orderId, quantity: line.quantity });
    if (result.kind === 'held' || result.kind === 'already-held') continue;
    const first = shortfallOf(line, result.kind === 'short' ? result.available : 0);
    // The later lines are only read, not held: holding them too would take stock from other
    // orders only to give it back. No earlier attempt holds them either, as every attempt takes
    // holds in the same order and this is the first line it could not get.
    const rest = await Promise.all(
      lines.slice(index + 1).map(async (later) => {
        const available = (await deps.getStockLevel(later.sku))?.available ?? 0;
        return available < later.quantity ? [shortfallOf(later, available)] : [];
      }),
    );
    return [first, ...rest.flat()];
  }
  return [];
};

const releaseLines = async (
  orderId: string,
  lines: readonly ReservationLine[],
  deps: ReserveOrderDeps,
): Promise<void> => {
  await Promise.all(lines.map(async ({ sku }) => deps.releaseStock({ sku, orderId })));
};

const reservedData = (placed: OrderPlacedV1): EventData<'inventory.reserved', 1> => ({
  customer: placed.data.customer,
  lines: placed.data.lines.map(({ sku, name, quantity }) => ({ sku, name, quantity })),
  shippingAddress: placed.data.shippingAddress,
  currency: placed.data.currency,
  total: placed.data.total,
});

const buildOutcome = (
  placed: OrderPlacedV1,
  shortfalls: readonly Shortfall[],
  deps: ReserveOrderDeps,
): OutcomeEvent => {
  const context = { causedBy: placed, now: deps.now, newId: deps.newEventId };
  return shortfalls.length === 0
    ? buildEvent(
        {
          eventType: 'inventory.reserved',
          version: 1,
          aggregateId: placed.aggregateId,
          data: reservedData(placed),
        },
        context,
      )
    : buildEvent(
        {
          eventType: 'inventory.reservation-failed',
          version: 1,
          aggregateId: placed.aggregateId,
          data: { customer: placed.data.customer, shortfalls: [...shortfalls] },
        },
        context,
      );
};

/**
 * Reserves every line of an order or none, and announces which.
 *
 * Each step is idempotent, so a crash anywhere followed by a redelivery converges to a single
 * outcome: the PENDING record is created once per order; a hold is recorded on the stock item
 * under the order id, so holding twice changes nothing; the outcome is decided once, by a
 * conditional write that also stores the outcome event; and what is published is always that
 * stored event, so a republish carries the same eventId and consumers deduplicate it.
 * Holds are released only after FAILED is recorded, so a RESERVED order never loses a hold, and
 * a FAILED order's holds are released again on every redelivery (which is a no-op once done).
 * When the order's shipment was recorded first, a RESERVED order's holds are shipped at once
 * (taken off on-hand), as `shipOrder` would have done had the reservation come first; that too
 * is repeated harmlessly on every redelivery.
 *
 * @throws ConflictingOrderError when a different `order.placed` for the same order is still
 *   being reserved with other lines.
 */
export const reserveOrder = async (
  placed: OrderPlacedV1,
  deps: ReserveOrderDeps,
): Promise<ReserveOrderResult> => {
  const orderId = placed.aggregateId;
  const lines = toReservationLines(placed.data.lines);
  const startedAt = deps.now().toISOString();
  let reservation = await deps.startReservation({
    orderId,
    state: ReservationStates.Pending,
    orderEventId: placed.eventId,
    lines,
    createdAt: startedAt,
    updatedAt: startedAt,
  });
  let decidedNow = false;
  if (reservation.state === ReservationStates.Pending) {
    if (!sameLines(reservation.lines, lines)) {
      throw new ConflictingOrderError(orderId, reservation.orderEventId);
    }
    const shortfalls = await holdLines(orderId, reservation.lines, deps);
    const outcome = buildOutcome(placed, shortfalls, deps);
    reservation = await deps.decideReservation(orderId, outcome, deps.now().toISOString());
    decidedNow = reservation.outcome.eventId === outcome.eventId;
  }
  if (reservation.state === ReservationStates.Failed) {
    await releaseLines(orderId, reservation.lines, deps);
  }
  const shippedNow =
    reservation.state === ReservationStates.Reserved && reservation.shipment !== undefined
      ? await shipHeldLines({ orderId, lines: reservation.lines }, deps)
      : [];
  await deps.publishEvent(reservation.outcome);
  const { outcome, shipment } = reservation;
  return {
    orderId,
    state: reservation.state,
    outcomeEventId: outcome.eventId,
    replayed: !decidedNow,
    shortfalls: outcome.eventType === 'inventory.reservation-failed' ? outcome.data.shortfalls : [],
    shippedNow,
    shipmentRecorded: shipment !== undefined,
  };
};
