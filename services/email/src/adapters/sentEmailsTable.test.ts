import type { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { archiveRetentionDaysFor, REPLAY_WINDOW_SECONDS, topology } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { EmailTemplates } from '../domain/email.ts';
import { makeClaimSend } from './sentEmailsTable.ts';

const dayInSeconds = 24 * 60 * 60;

/** How many days after a claim the ledger's record expires, from the item the adapter writes. */
const ledgerRetentionDays = async (): Promise<number> => {
  const written: UpdateCommand[] = [];
  // Only the write is of interest here; its answer says the claim was taken.
  const client = {
    send: (command: UpdateCommand) => {
      written.push(command);
      return Promise.resolve({ Attributes: { attempts: 1 } });
    },
  } as unknown as DynamoDBDocumentClient;
  const claimedAt = new Date('2026-03-01T12:00:00.000Z');
  await makeClaimSend(
    client,
    'sent-emails',
  )({
    eventId: 'b1e5c7de-0000-4000-8000-000000000001',
    eventType: 'order.placed',
    about: { orderId: 'ord-1' },
    template: EmailTemplates.OrderConfirmation,
    recipient: 'ada@example.com',
    claimToken: 'token-1',
    claimedAt,
    leaseUntil: new Date(claimedAt.getTime() + 60_000),
  });
  const expiration: unknown = written[0]?.input.ExpressionAttributeValues?.[':expiration'];
  if (typeof expiration !== 'number') throw new Error('The claim wrote no expiration.');
  return (expiration - claimedAt.getTime() / 1000) / dayInSeconds;
};

describe('the sent-mail ledger', () => {
  it('outlives every topic archive in every stage, so replaying a whole archive sends no mail twice', async () => {
    // Prepare
    const archives = Object.entries(topology.topics).flatMap(([topic, { archive }]) =>
      archive === undefined ? [] : [{ topic, archive }],
    );
    // The base retention holds in every stage without an override of its own.
    const retentions = archives.flatMap(({ topic, archive }) => [
      { topic, stage: '(any other)', days: archive.retentionDays },
      ...Object.keys(archive.stages ?? {}).map((stage) => ({
        topic,
        stage,
        days: archiveRetentionDaysFor(topic, stage, topology),
      })),
    ]);

    // Act
    const ledgerDays = await ledgerRetentionDays();

    // Assess
    expect(retentions.length).toBeGreaterThan(0);
    expect(retentions.filter(({ days }) => days === undefined || days >= ledgerDays)).toEqual([]);
  });

  it('is kept as long as a copy of an event can still arrive, redrives from both DLQs included', async () => {
    // Prepare
    const lastCopyDays = REPLAY_WINDOW_SECONDS / dayInSeconds;

    // Act
    const ledgerDays = await ledgerRetentionDays();

    // Assess
    expect(ledgerDays).toBeGreaterThanOrEqual(lastCopyDays);
  });
});
