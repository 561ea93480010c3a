// In-memory implementation of marketing's contact ports, for domain unit tests. Every call
// yields to the event loop first, so calls started together interleave as they would against
// DynamoDB: two parallel upserts of one customer both read, then race to write.
import {
  type AudienceContact,
  ContactVersionConflictError,
  type GetContact,
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
  return { contacts, stats, getContact, saveContact };
};
