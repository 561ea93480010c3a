import { buildEvent, type CustomerUnsubscribedV1 } from '@conveyor/event-types';
import {
  applyOptOut,
  type MarkOptOutPublished,
  type OptOut,
  type OptOutOutcome,
} from './audienceContact.ts';
import { type ContactStore, updateContact } from './updateContact.ts';

/** The ports `unsubscribeCustomer` needs. */
export interface UnsubscribeDeps extends ContactStore {
  readonly publishEvent: (event: CustomerUnsubscribedV1) => Promise<void>;
  readonly markOptOutPublished: MarkOptOutPublished;
  /** Told when publishing failed: the opt-out stays pending for the republisher. */
  readonly onPublishFailed: (customerId: string, eventId: string, error: unknown) => void;
  readonly now: () => Date;
  /** Event id generator, for tests. */
  readonly newId?: () => string;
}

/** Who unsubscribes, and the correlation id of the click that says so. */
export interface UnsubscribeInput {
  readonly customerId: string;
  readonly correlationId: string;
}

/** What unsubscribing did. */
export interface UnsubscribeResult {
  readonly outcome: OptOutOutcome;
  readonly customerId: string;
  /** The one `customer.unsubscribed` of this customer, whichever click recorded it. */
  readonly eventId: string;
  /** That event's correlation id: the click that recorded it. */
  readonly correlationId: string;
  /** Whether the event is known to be on the topic; if not, the republisher sends it. */
  readonly published: boolean;
  readonly attempts: number;
}

/** Publishes a stored opt-out's event, then clears its pending mark. False if either failed. */
export const announceOptOut = async (
  { customerId, event }: { readonly customerId: string; readonly event: CustomerUnsubscribedV1 },
  deps: Pick<UnsubscribeDeps, 'publishEvent' | 'markOptOutPublished' | 'onPublishFailed'>,
): Promise<boolean> => {
  try {
    await deps.publishEvent(event);
    await deps.markOptOutPublished(customerId);
    return true;
  } catch (error) {
    deps.onPublishFailed(customerId, event.eventId, error);
    return false;
  }
};

/**
 * Records that the customer unsubscribed, then emits `customer.unsubscribed`. The event is stored
 * with the opt-out, in the same write, and marked pending until it is on the topic, so nothing
 * between the write and the publish can lose it: a repeated click publishes the stored event
 * again, and so does the scheduled republisher. Every click of one customer converges on the
 * first opt-out and its one event id; a republish of the same event id is dropped by SNS within
 * its deduplication window and by consumers (idempotent on `eventId`) after it.
 */
export const unsubscribeCustomer = async (
  { customerId, correlationId }: UnsubscribeInput,
  deps: UnsubscribeDeps,
): Promise<UnsubscribeResult> => {
  const now = deps.now();
  const event = buildEvent(
    {
      eventType: 'customer.unsubscribed',
      version: 1,
      aggregateId: customerId,
      data: { customerId },
    },
    {
      correlationId,
      userId: customerId,
      now: () => now,
      ...(deps.newId === undefined ? {} : { newId: deps.newId }),
    },
  );
  const optOut: OptOut = { at: event.occurredAt, event, pending: true };
  const { outcome, contact, attempts } = await updateContact(
    { customerId, apply: (current) => applyOptOut(current, customerId, optOut) },
    deps,
  );
  const stored = contact.optOut ?? optOut;
  const published = stored.pending
    ? await announceOptOut({ customerId, event: stored.event }, deps)
    : true;
  return {
    outcome,
    customerId,
    eventId: stored.event.eventId,
    correlationId: stored.event.metadata.correlationId,
    published,
    attempts,
  };
};
