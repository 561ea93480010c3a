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
 * order's reservation either way (the new one, or the one found).
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
