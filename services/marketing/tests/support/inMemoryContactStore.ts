// In-memory implementation of marketing's contact ports, for domain unit tests. Every call
// yields to the event loop first, so calls started together interleave as they would against
// DynamoDB: two parallel upserts of one customer both read, then race to write.
import {
  type AudienceContact,
  ContactVersionConflictError,
  type GetContact,
  type ListPendingOptOuts,
  type MarkOptOutPublished,
  type SaveContact,
} from '../../src/domain/audienceContact.ts';

const tick = async (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

export const inMemoryContactStore = () => {
  const contacts = new Map<string, AudienceContact>();
  const stats = { reads: 0, writes: 0, conflicts: 0 };
  const getContact: GetContact = async (customerId) => {
    await tick();
    stats.reads += 1;
    return structuredClone(contacts.get(customerId));
  };
  const saveContact: SaveContact = async (contact, expectedVersion) => {
    await tick();
    const current = contacts.get(contact.customerId);
    if ((current?.version ?? 0) !== expectedVersion) {
      stats.conflicts += 1;
      throw new ContactVersionConflictError(contact.customerId);
    }
    stats.writes += 1;
    contacts.set(contact.customerId, structuredClone(contact));
  };
  // As the table adapter: clears the pending mark without a new version.
  const markOptOutPublished: MarkOptOutPublished = async (customerId) => {
    await tick();
    const current = contacts.get(customerId);
    if (current?.optOut === undefined) throw new Error(`no opt-out of ${customerId}`);
    contacts.set(customerId, { ...current, optOut: { ...current.optOut, pending: false } });
  };
  const listPendingOptOuts: ListPendingOptOuts = async (limit) => {
    await tick();
    return [...contacts.values()]
      .flatMap(({ customerId, optOut }) =>
        optOut?.pending === true ? [{ customerId, optOut }] : [],
      )
      .toSorted((a, b) => (a.optOut.at < b.optOut.at ? -1 : 1))
      .slice(0, limit)
      .map((entry) => structuredClone(entry));
  };
  return {
    contacts,
    stats,
    getContact,
    saveContact,
    markOptOutPublished,
    listPendingOptOuts,
  };
};

/**
 * The store, but the first save that lands is followed by a crash, as when the function is stopped
 * after its write reached DynamoDB and before the record was acknowledged: the queue redelivers it.
 */
export const crashingAfterWrite = (store: ReturnType<typeof inMemoryContactStore>) => {
  let crashed = false;
  const saveContact: SaveContact = async (contact, expectedVersion) => {
    await store.saveContact(contact, expectedVersion);
    if (crashed) return;
    crashed = true;
    throw new Error('stopped after the write');
  };
  return { ...store, saveContact };
};
