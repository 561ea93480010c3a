import {
  type AudienceContact,
  ContactVersionConflictError,
  type GetContact,
  type SaveContact,
} from './audienceContact.ts';

/** The ports every change of a contact needs. */
export interface ContactStore {
  readonly getContact: GetContact;
  readonly saveContact: SaveContact;
  /**
   * Read-merge-write rounds before giving up with the conflict. Records of one customer in one
   * batch run in parallel, so a few conflicts are normal; each round at least one writer wins.
   */
  readonly maxAttempts?: number;
}

/** What {@link updateContact} did. */
export interface ContactUpdate<TOutcome extends string> {
  readonly outcome: TOutcome;
  /** The contact as stored now: the one written, or the one read when nothing changed. */
  readonly contact: AudienceContact;
  readonly attempts: number;
}

const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Applies one change to a customer's record: reads it, lets `apply` merge the change (it returns
 * the same object when nothing changes, and then nothing is written) and writes it conditionally
 * on the version read. On a conflict it reads and merges again, which is safe because every
 * merge is idempotent. After `maxAttempts` conflicts the {@link ContactVersionConflictError}
 * escapes, for the queue (or the caller) to retry later.
 */
export const updateContact = async <TOutcome extends string>(
  customerId: string,
  apply: (current: AudienceContact | undefined) => {
    outcome: TOutcome;
    contact: AudienceContact;
  },
  deps: ContactStore,
): Promise<ContactUpdate<TOutcome>> => {
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  for (let attempt = 1; ; attempt += 1) {
    const current = await deps.getContact(customerId);
    const { outcome, contact } = apply(current);
    if (contact === current) return { outcome, contact, attempts: attempt };
    try {
      await deps.saveContact(contact, current?.version ?? 0);
      return { outcome, contact, attempts: attempt };
    } catch (error) {
      if (!(error instanceof ContactVersionConflictError) || attempt >= maxAttempts) throw error;
    }
  }
};
