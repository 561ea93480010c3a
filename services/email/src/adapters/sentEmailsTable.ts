import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { REPLAY_WINDOW_SECONDS } from '@conveyor/event-types';
import { maskEmail } from '@conveyor/lambda-toolkit';
import {
  type ClaimSend,
  type GetSentEmail,
  type MarkSent,
  type ReleaseClaim,
  type SentEmailRecord,
  SendStatuses,
} from '../domain/sentEmail.ts';

// As long as a copy of an event can still arrive (a replay from the oldest archive, then SNS's
// retries and a redrive from each DLQ: 424 days), so every copy finds the record and sends
// nothing twice. It is also the audit trail of what was sent.
const RETENTION_SECONDS = REPLAY_WINDOW_SECONDS;

// Stored shape: the record plus the claim token while SENDING and the TTL attribute.
type SentEmailItem = SentEmailRecord & { claimToken?: string; expiration: number };

const fromItem = (item: Record<string, unknown>): SentEmailRecord => {
  const {
    claimToken: _claimToken,
    expiration: _expiration,
    ...record
  } = item as unknown as SentEmailItem;
  return record;
};

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException;

/** Adapter: reads one record with a strongly consistent read. */
export const makeGetSentEmail =
  (client: DynamoDBDocumentClient, tableName: string): GetSentEmail =>
  async (eventId) => {
    const result = await client.send(
      new GetCommand({ TableName: tableName, Key: { eventId }, ConsistentRead: true }),
    );
    return result.Item === undefined ? undefined : fromItem(result.Item);
  };

/**
 * Adapter: one conditional UpdateItem takes the claim when the event has no record or its claim
 * has expired, and counts the claims. When the condition fails it reads the record back
 * (dynalite ignores ReturnValuesOnConditionCheckFailure). The recipient is stored masked.
 */
export const makeClaimSend = (client: DynamoDBDocumentClient, tableName: string): ClaimSend => {
  const getSentEmail = makeGetSentEmail(client, tableName);
  return async (claim) => {
    // orderId for the mails about an order, customerId for the welcome mail.
    const [aboutName, aboutValue] =
      'orderId' in claim.about
        ? ['orderId', claim.about.orderId]
        : ['customerId', claim.about.customerId];
    try {
      const result = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { eventId: claim.eventId },
          UpdateExpression:
            'SET #eventType = :eventType, #about = :about, #template = :template, #recipient = :recipient, #status = :sending, #claimToken = :claimToken, #claimedAt = :claimedAt, #leaseUntil = :leaseUntil, #expiration = :expiration ADD #attempts :one',
          ConditionExpression:
            'attribute_not_exists(#eventId) OR (#status = :sending AND #leaseUntil < :claimedAt)',
          ExpressionAttributeNames: {
            '#eventId': 'eventId',
            '#eventType': 'eventType',
            '#about': aboutName,
            '#template': 'template',
            '#recipient': 'recipient',
            '#status': 'status',
            '#claimToken': 'claimToken',
            '#claimedAt': 'claimedAt',
            '#leaseUntil': 'leaseUntil',
            '#expiration': 'expiration',
            '#attempts': 'attempts',
          },
          ExpressionAttributeValues: {
            ':eventType': claim.eventType,
            ':about': aboutValue,
            ':template': claim.template,
            ':recipient': maskEmail(claim.recipient),
            ':sending': SendStatuses.Sending,
            ':claimToken': claim.claimToken,
            ':claimedAt': claim.claimedAt.toISOString(),
            ':leaseUntil': claim.leaseUntil.toISOString(),
            ':expiration': Math.floor(claim.claimedAt.getTime() / 1000) + RETENTION_SECONDS,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { kind: 'claimed', attempts: Number(result.Attributes?.['attempts'] ?? 1) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { kind: 'taken', record: await getSentEmail(claim.eventId) };
    }
  };
};

/** Adapter: SENT with SES's message id, only while this attempt still holds the claim. */
export const makeMarkSent =
  (client: DynamoDBDocumentClient, tableName: string): MarkSent =>
  async (eventId, claimToken, sent) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { eventId },
          UpdateExpression:
            'SET #status = :sent, #messageId = :messageId, #sentAt = :sentAt REMOVE #claimToken, #leaseUntil',
          ConditionExpression: '#claimToken = :claimToken',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#messageId': 'messageId',
            '#sentAt': 'sentAt',
            '#claimToken': 'claimToken',
            '#leaseUntil': 'leaseUntil',
          },
          ExpressionAttributeValues: {
            ':sent': SendStatuses.Sent,
            ':messageId': sent.messageId,
            ':sentAt': sent.sentAt.toISOString(),
            ':claimToken': claimToken,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };

/**
 * Adapter: deletes the record if this attempt still holds the claim, so that the next claim
 * starts afresh (its `attempts` then counts only claims whose attempt died without a word).
 */
export const makeReleaseClaim =
  (client: DynamoDBDocumentClient, tableName: string): ReleaseClaim =>
  async (eventId, claimToken) => {
    try {
      await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: { eventId },
          ConditionExpression: '#claimToken = :claimToken AND #status = :sending',
          ExpressionAttributeNames: { '#claimToken': 'claimToken', '#status': 'status' },
          ExpressionAttributeValues: {
            ':claimToken': claimToken,
            ':sending': SendStatuses.Sending,
          },
        }),
      );
    } catch (error) {
      // Someone else holds it now: theirs to finish.
      if (!isConditionFailure(error)) throw error;
    }
  };
