import {
  FactKinds,
  leadTimeEntry,
  type NoteMilestone,
  type OrderFact,
  type SaveDayEntry,
} from './orderFact.ts';

/** The ports {@link recordOrderFact} writes through. */
export interface RecordOrderFactDeps {
  readonly saveDayEntry: SaveDayEntry;
  readonly noteMilestone: NoteMilestone;
}

/** What recording one fact did, for the log line. */
export interface RecordedOrderFact {
  /** `duplicate` when the fact was stored already (a redelivery, a replay). */
  readonly outcome: 'recorded' | 'duplicate';
  readonly fact: OrderFact['kind'];
  readonly orderId: string;
  readonly day: string;
  /** Set when this fact completed the order's placed→shipped pair. */
  readonly leadTimeMs?: number;
}

/**
 * Records one order fact. Every step is idempotent and none depends on what arrived before, so
 * duplicates and any arrival order leave the same entries:
 *
 * 1. the fact, stored once under its day (a conditional write keyed by kind and order id);
 * 2. for placed and shipped, the order's milestone, set once in one atomic write that returns
 *    both milestones; when both are known, the lead time under the day it shipped.
 *
 * Both steps run on every delivery, duplicates included: a delivery that failed between them is
 * completed by its retry. Two facts of one order handled at once both set their milestone on
 * the same item, one after the other, so the second sees both and writes the lead time.
 */
export const recordOrderFact = async (
  fact: OrderFact,
  deps: RecordOrderFactDeps,
): Promise<RecordedOrderFact> => {
  const outcome = await deps.saveDayEntry(fact);
  const recorded = { outcome, fact: fact.kind, orderId: fact.orderId, day: fact.day };
  if (fact.kind !== FactKinds.Placed && fact.kind !== FactKinds.Shipped) return recorded;
  const milestones = await deps.noteMilestone(
    fact.orderId,
    fact.kind === FactKinds.Placed ? 'placedAt' : 'shippedAt',
    fact.occurredAt,
  );
  if (milestones.placedAt === undefined || milestones.shippedAt === undefined) return recorded;
  const leadTime = leadTimeEntry(fact.orderId, milestones.placedAt, milestones.shippedAt);
  await deps.saveDayEntry(leadTime);
  return { ...recorded, leadTimeMs: leadTime.leadTimeMs };
};
