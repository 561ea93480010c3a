import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type AudienceContact,
  ContactVersionConflictError,
  type GetContact,
  type ListPendingOptOuts,
  type MarkOptOutPublished,
  type OptOut,
  type SaveContact,
} from '../domain/audienceContact.ts';

/** Name of the sparse index of opt-outs whose event may not be on the topic yet. */
export const PENDING_OPT_OUTS_INDEX = 'pending-opt-outs';
const PENDING = 'PENDING';

// Stored shape: the contact, its opt-out without the pending flag, and while the opt-out is
// pending the two keys of the sparse index (publishState, pendingSince).
type ContactItem = Omit<AudienceContact, 'optOut'> & {
  optOut?: Omit<OptOut, 'pending'>;
  publishState?: string;
  pendingSince?: string;
};

const toItem = (contact: AudienceContact): ContactItem => {
  const { optOut, ...rest } = contact;
  if (optOut === undefined) return rest;
  const { pending, ...stored } = optOut;
  return {
    ...rest,
    optOut: stored,
    ...(pending ? { publishState: PENDING, pendingSince: stored.at } : {}),
  };
};

const fromItem = (item: Record<string, unknown>): AudienceContact => {
  const { optOut, publishState, pendingSince: _pendingSince, ...rest } = item as ContactItem;
  return optOut === undefined
    ? rest
    : { ...rest, optOut: { ...optOut, pending: publishState === PENDING } };
};

/** Adapter: reads one contact with a strongly consistent read, so a retry sees the last write. */
export const makeGetContact =
  (client: DynamoDBDocumentClient, tableName: string): GetContact =>
  async (customerId) => {
    const result = await client.send(
      new GetCommand({ TableName: tableName, Key: { customerId }, ConsistentRead: true }),
    );
    return result.Item === undefined ? undefined : fromItem(result.Item);
  };

/** Adapter: replaces the contact only if it is still at the version that was read. */
export const makeSaveContact =
  (client: DynamoDBDocumentClient, tableName: string): SaveContact =>
  async (contact, expectedVersion) => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: toItem(contact),
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(customerId)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new ContactVersionConflictError(contact.customerId, { cause: error });
      throw error;
    }
  };

/**
 * Adapter: clears the pending mark (both keys of the sparse index). Nothing else writes an
 * opted-out record, so the version stays as it is.
 */
export const makeMarkOptOutPublished =
  (client: DynamoDBDocumentClient, tableName: string): MarkOptOutPublished =>
  async (customerId) => {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { customerId },
        UpdateExpression: 'REMOVE publishState, pendingSince',
        ConditionExpression: 'attribute_exists(customerId)',
      }),
    );
  };

/** Adapter: the oldest pending opt-outs first, through the sparse index. */
export const makeListPendingOptOuts =
  (client: DynamoDBDocumentClient, tableName: string): ListPendingOptOuts =>
  async (limit) => {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: PENDING_OPT_OUTS_INDEX,
        KeyConditionExpression: 'publishState = :pending',
        ExpressionAttributeValues: { ':pending': PENDING },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).flatMap((item) => {
      const { customerId, optOut } = fromItem(item);
      return optOut?.pending === true ? [{ customerId, optOut }] : [];
    });
  };
