// In-memory implementation of the sent-emails ledger ports, with the same conditions as the
// DynamoDB adapter, for domain unit tests.
import { maskEmail } from '@conveyor/lambda-toolkit';
import {
  type ClaimSend,
  type GetSentEmail,
  type MarkSent,
  type ReleaseClaim,
  type SentEmailRecord,
  SendStatuses,
} from '../../src/domain/sentEmail.ts';

type Item = SentEmailRecord & { claimToken?: string };

export const inMemorySentEmails = () => {
  const items = new Map<string, Item>();
  const claimSend: ClaimSend = async (claim) => {
    const current = items.get(claim.eventId);
    const claimable =
      current === undefined ||
      (current.status === SendStatuses.Sending &&
        (current.leaseUntil ?? '') < claim.claimedAt.toISOString());
    if (!claimable) {
      const { claimToken: _token, ...record } = current;
      return Promise.resolve({ kind: 'taken', record: structuredClone(record) });
    }
    const attempts = (current?.attempts ?? 0) + 1;
    items.set(claim.eventId, {
      eventId: claim.eventId,
      eventType: claim.eventType,
      ...claim.about,
      template: claim.template,
      recipient: maskEmail(claim.recipient),
      status: SendStatuses.Sending,
      attempts,
      claimedAt: claim.claimedAt.toISOString(),
      leaseUntil: claim.leaseUntil.toISOString(),
      claimToken: claim.claimToken,
    });
    return Promise.resolve({ kind: 'claimed', attempts });
  };
  const markSent: MarkSent = async (eventId, claimToken, sent) => {
    const current = items.get(eventId);
    if (current?.claimToken !== claimToken) return Promise.resolve(false);
    const { claimToken: _token, leaseUntil: _lease, ...rest } = current;
    items.set(eventId, {
      ...rest,
      status: SendStatuses.Sent,
      messageId: sent.messageId,
      sentAt: sent.sentAt.toISOString(),
    });
    return Promise.resolve(true);
  };
  const releaseClaim: ReleaseClaim = async (eventId, claimToken) => {
    const current = items.get(eventId);
    if (current?.claimToken === claimToken && current.status === SendStatuses.Sending) {
      items.delete(eventId);
    }
    return Promise.resolve();
  };
  const getSentEmail: GetSentEmail = async (eventId) => {
    const current = items.get(eventId);
    if (current === undefined) return Promise.resolve(undefined);
    const { claimToken: _token, ...record } = current;
    return Promise.resolve(structuredClone(record));
  };
  return { items, claimSend, markSent, releaseClaim, getSentEmail };
};
