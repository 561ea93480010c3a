import type { ShipmentCreatedV1 } from '@conveyor/event-types';
import { PermanentError } from '@conveyor/lambda-toolkit';
import {
  type RecordedShipment,
  type RecordShipment,
  type ReservationLine,
  ReservationStates,
} from './reservation.ts';
import type { ShipHeldStock } from './stock.ts';

/** The ports `shipOrder` needs. */
export interface ShipOrderDeps {
  readonly recordShipment: RecordShipment;
  readonly shipHeldStock: ShipHeldStock;
  readonly now: () => Date;
}

/** What became of an order's stock when its shipment was recorded. */
export const ShipOrderOutcomes = {
  /** The order is reserved: its held units are off on-hand (now or by an earlier attempt). */
  Shipped: 'SHIPPED',
  /** No decided reservation yet: the shipment is kept, and the reservation settles it. */
  AwaitingReservation: 'AWAITING_RESERVATION',
  /** The reservation failed after the shipment was recorded: nothing was held to take off. */
  NotReserved: 'NOT_RESERVED',
} as const;

/** An outcome of `shipOrder`. */
export type ShipOrderOutcome = (typeof ShipOrderOutcomes)[keyof typeof ShipOrderOutcomes];

/** Units of one SKU taken off on-hand. */
export interface ShippedLine {
  readonly sku: string;
  readonly quantity: number;
}

/** What `shipOrder` did, for the consumer's log. */
export interface ShipOrderResult {
  readonly orderId: string;
  readonly shipmentId: string;
  readonly outcome: ShipOrderOutcome;
  /** True when the shipment had been recorded before (a redelivery, or a retry after a crash). */
  readonly replayed: boolean;
  /** What this call took off on-hand; empty when an earlier attempt already had. */
  readonly shippedNow: readonly ShippedLine[];
}

/**
 * Raised for a shipment of an order that already has another one. Permanent: shipping makes one
 * shipment per order, so the two announcements contradict each other and no retry reconciles
 * them; the stock moved once, for the first.
 */
export class ConflictingShipmentError extends PermanentError {
  public override readonly name = 'ConflictingShipmentError';

  public constructor(orderId: string, shipmentId: string, recorded: RecordedShipment) {
    super(
      `Order ${orderId} already shipped as ${recorded.shipmentId} (shipment.created ${recorded.eventId}); refusing shipment ${shipmentId}`,
      { httpStatus: 409 },
    );
  }
}

/**
 * Raised for a shipment of an order whose reservation failed. Permanent: inventory holds nothing
 * for a rejected order, and an order is never reserved after its rejection.
 */
export class ShipmentOfRejectedOrderError extends PermanentError {
  public override readonly name = 'ShipmentOfRejectedOrderError';

  public constructor(orderId: string, shipmentId: string) {
    super(`Order ${orderId} was not reserved, yet shipment ${shipmentId} says it shipped`, {
      httpStatus: 409,
    });
  }
}

/**
 * Turns each line's hold into an on-hand decrement. Safe to repeat: a line whose hold is gone
 * (shipped by an earlier attempt) is left alone. Returns the lines shipped by this call.
 */
export const shipHeldLines = async (
  { orderId, lines }: { readonly orderId: string; readonly lines: readonly ReservationLine[] },
  { shipHeldStock }: { readonly shipHeldStock: ShipHeldStock },
): Promise<ShippedLine[]> => {
  const results = await Promise.all(
    lines.map(async ({ sku, quantity }) => ({
      sku,
      quantity,
      result: await shipHeldStock({ sku, orderId }),
    })),
  );
  return results.flatMap(({ sku, quantity, result }) =>
    result === 'shipped' ? [{ sku, quantity }] : [],
  );
};

/**
 * Takes a shipped order's units off on-hand, once per shipment whatever the delivery.
 *
 * The shipment is first recorded on the order's reservation, conditionally on the order having
 * none, so one shipment per order is ever accepted; a redelivery (any eventId) of the same
 * shipment finds it and carries on. Then each SKU's hold for the order becomes a decrement
 * (`onHand` and `reserved` fall by the held units) in one conditional update that also removes
 * the hold, so no SKU is decremented twice. When the reservation is not decided yet (the
 * shipment came first), only the record is kept: `reserveOrder` sees it and ships the holds as
 * soon as it reserves them.
 *
 * @throws ConflictingShipmentError when the order already has another shipment.
 * @throws ShipmentOfRejectedOrderError when the order's reservation had failed.
 */
export const shipOrder = async (
  shipped: ShipmentCreatedV1,
  deps: ShipOrderDeps,
): Promise<ShipOrderResult> => {
  const orderId = shipped.aggregateId;
  const { shipmentId } = shipped.data;
  const recorded = await deps.recordShipment(orderId, {
    shipmentId,
    eventId: shipped.eventId,
    recordedAt: deps.now().toISOString(),
  });
  if (recorded.kind === 'other-shipment') {
    throw new ConflictingShipmentError(orderId, shipmentId, recorded.shipment);
  }
  if (recorded.kind === 'rejected-order') {
    throw new ShipmentOfRejectedOrderError(orderId, shipmentId);
  }
  const { reservation } = recorded;
  const result = { orderId, shipmentId, replayed: recorded.kind === 'already-recorded' };
  if (reservation === undefined || reservation.state === ReservationStates.Pending) {
    return { ...result, outcome: ShipOrderOutcomes.AwaitingReservation, shippedNow: [] };
  }
  if (reservation.state === ReservationStates.Failed) {
    return { ...result, outcome: ShipOrderOutcomes.NotReserved, shippedNow: [] };
  }
  const shippedNow = await shipHeldLines({ orderId, lines: reservation.lines }, deps);
  return { ...result, outcome: ShipOrderOutcomes.Shipped, shippedNow };
};
