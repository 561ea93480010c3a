import {
  type AudienceContact,
  ContactVersionConflictError,
  type GetContact,
  type SaveContact,
} from './audienceContact.ts';

/**
 * Runs `work` for one customer at a time, in the order asked: changes of one contact then take
 * turns instead of racing on its version.
 */
export type WithContactLock = <T>(customerId: string, work: () => Promise<T>) => Promise<T>;

/** The ports every change of a contact needs. */
export interface ContactStore {
  readonly getContact: GetContact;
  readonly saveContact: SaveContact;
  /**
   * Takes turns per customer in this process. Without it, records of one customer in one batch
   * run in parallel and race: each round only one writer wins, so more of them than
   * `maxAttempts` in one batch go back to the queue, and a burst of one customer's orders could
   * use up a record's receives.
   */
  readonly withContactLock?: WithContactLock;
  /**
   * Read-merge-write rounds before giving up with the conflict: with the lock, only writers in
   * other processes (another invocation, the unsubscribe route) conflict, and each round at least
   * one writer wins.
   */
  readonly maxAttempts?: number;
}

/** One change of one customer's contact, as {@link updateContact} takes it. */
export interface ContactChange<TOutcome extends string> {
  readonly customerId: string;
  /**
   * Merges the change into the contact read (`undefined` when there is none); returns the same
   * object when nothing changes.
   */
  readonly apply: (current: AudienceContact | undefined) => {
    outcome: TOutcome;
    contact: AudienceContact;
  };
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
 * escapes, for the queue (or the caller) to retry later. With `withContactLock`, all of it runs
 * in the customer's turn.
 */
export const updateContact = async <TOutcome extends string>(
  { customerId, apply }: ContactChange<TOutcome>,
  deps: ContactStore,
): Promise<ContactUpdate<TOutcome>> => {
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const update = async (): Promise<ContactUpdate<TOutcome>> => {
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
  return deps.withContactLock === undefined ? update() : deps.withContactLock(customerId, update);
};
