import type { InventoryReservationFailedV1, InventoryReservedV1 } from '@conveyor/event-types';

/** Where an order's reservation is. PENDING moves once, to RESERVED or FAILED, and never back. */
export const ReservationStates = {
  Pending: 'PENDING',
  Reserved: 'RESERVED',
  Failed: 'FAILED',
} as const;

/** A reservation state. */
export type ReservationState = (typeof ReservationStates)[keyof typeof ReservationStates];

/** One SKU of an order, with every line of that SKU added up. */
export interface ReservationLine {
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
}

/**
 * The shipment that took an order's stock away, as inventory records it on the order's
 * reservation: one per order, so a later `shipment.created` for the same shipment is a
 * redelivery and one for another shipment a contradiction.
 */
export interface RecordedShipment {
  readonly shipmentId: string;
  /** The `shipment.created` event that recorded it. */
  readonly eventId: string;
  readonly recordedAt: string;
}

/** The event that announces a reservation's outcome. */
export type OutcomeEvent = InventoryReservedV1 | InventoryReservationFailedV1;

/** A reservation still being worked on: some of its holds may be in place. */
export interface PendingReservation {
  readonly orderId: string;
  readonly state: typeof ReservationStates.Pending;
  /** The `order.placed` event that opened it. */
  readonly orderEventId: string;
  /** What to hold, one entry per SKU, in the order the holds are taken. */
  readonly lines: readonly ReservationLine[];
  readonly createdAt: string;
  readonly updatedAt: string;
  /**
   * The order's shipment, once `shipment.created` is recorded: on a RESERVED reservation its
   * holds are turned into on-hand decrements, whichever of the two events came first.
   */
  readonly shipment?: RecordedShipment;
}

/** A reservation with its outcome decided, and the outcome event kept to be republished as is. */
export interface DecidedReservation extends Omit<PendingReservation, 'state'> {
  readonly state: typeof ReservationStates.Reserved | typeof ReservationStates.Failed;
  readonly outcome: OutcomeEvent;
}

/** An order's reservation, as inventory keeps it. */
export type Reservation = PendingReservation | DecidedReservation;

/**
 * Port: stores a new PENDING reservation unless the order already has one, and returns the
 * order's reservation either way (the new one, or the one found). A shipment recorded before
 * the order's first `order.placed` is kept, and comes back on the new reservation.
 */
export type StartReservation = (reservation: PendingReservation) => Promise<Reservation>;

/**
 * Port: records the outcome of a PENDING reservation, atomically and only if nobody decided it
 * first. Returns the decided reservation: this outcome, or the one recorded earlier.
 */
export type DecideReservation = (
  orderId: string,
  outcome: OutcomeEvent,
  decidedAt: string,
) => Promise<DecidedReservation>;

/** What recording an order's shipment found. */
export type RecordShipmentResult =
  /**
   * Recorded now, or recorded earlier for the same shipment (a redelivery, or a retry after a
   * crash). `reservation` is the order's, with the shipment, or `undefined` when no
   * `order.placed` has been recorded yet.
   */
  | {
      readonly kind: 'recorded' | 'already-recorded';
      readonly reservation: Reservation | undefined;
    }
  /** The order already has another shipment: nothing changed. */
  | { readonly kind: 'other-shipment'; readonly shipment: RecordedShipment }
  /** The order's reservation FAILED before any shipment was recorded: nothing changed. */
  | { readonly kind: 'rejected-order' };

/**
 * Port: records the order's shipment on its reservation, atomically and only if the order has
 * no shipment and was not rejected; with no reservation yet, keeps the shipment for the
 * reservation to find when it comes.
 */
export type RecordShipment = (
  orderId: string,
  shipment: RecordedShipment,
) => Promise<RecordShipmentResult>;
