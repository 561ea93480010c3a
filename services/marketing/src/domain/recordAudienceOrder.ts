import {
  type ApplyOutcome,
  applyAudienceOrder,
  type AudienceOrder,
  ContactVersionConflictError,
  type GetContact,
  type SaveContact,
  type Segment,
} from './audienceContact.ts';

/** The ports `recordAudienceOrder` needs. */
export interface RecordAudienceOrderDeps {
  readonly getContact: GetContact;
  readonly saveContact: SaveContact;
  /**
   * Read-merge-write rounds before giving up with the conflict. Records of one customer in one
   * batch run in parallel, so a few conflicts are normal; each round at least one writer wins.
   */
  readonly maxAttempts?: number;
}

/** What recording an order did, for logs and the idempotency record. */
export interface RecordAudienceOrderResult {
  readonly outcome: ApplyOutcome;
  readonly customerId: string;
  readonly orderCount: number;
  readonly segment: Segment;
  readonly attempts: number;
}

const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Upserts the customer's audience contact with one order. The write is conditional on the
 * version read; on a conflict the contact is read again and the order merged again, which is
 * safe because merging is idempotent. After `maxAttempts` conflicts the
 * {@link ContactVersionConflictError} escapes, for the queue to retry later.
 */
export const recordAudienceOrder = async (
  order: AudienceOrder,
  deps: RecordAudienceOrderDeps,
): Promise<RecordAudienceOrderResult> => {
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  for (let attempt = 1; ; attempt += 1) {
    const current = await deps.getContact(order.customerId);
    const { outcome, contact } = applyAudienceOrder(current, order);
    const result = {
      outcome,
      customerId: contact.customerId,
      orderCount: contact.orderCount,
      segment: contact.segment,
      attempts: attempt,
    };
    if (outcome === 'duplicate') return result;
    try {
      await deps.saveContact(contact, current?.version ?? 0);
      return result;
    } catch (error) {
      if (!(error instanceof ContactVersionConflictError) || attempt >= maxAttempts) throw error;
    }
  }
};
