import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

// The orders and customers tables keep a record's event as unpublished the same way: a sparse
// `publishState` key that exists only until the event is on the topic, so the index the
// republisher reads holds just those records.
const PENDING = 'PENDING';

/** A record as stored: its `unpublished` flag becomes the sparse `publishState` key. */
export type MarkedItem<T extends { readonly unpublished: boolean }> = Omit<T, 'unpublished'> & {
  publishState?: string;
};

/** The item to store for `record`. */
export const toMarkedItem = <T extends { readonly unpublished: boolean }>(
  record: T,
): MarkedItem<T> => {
  const { unpublished, ...rest } = record;
  return unpublished ? { ...rest, publishState: PENDING } : rest;
};

/** The record a stored item holds. */
export const fromMarkedItem = <T extends { readonly unpublished: boolean }>(
  item: MarkedItem<T>,
): T => {
  const { publishState, ...rest } = item;
  return { ...rest, unpublished: publishState === PENDING } as unknown as T;
};

/** Clears the mark of the record keyed `keyName = key`; refuses a record that does not exist. */
export const clearUnpublishedMark = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  keyName: string,
  key: string,
): Promise<void> => {
  await client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { [keyName]: key },
      UpdateExpression: 'REMOVE publishState',
      ConditionExpression: 'attribute_exists(#key)',
      ExpressionAttributeNames: { '#key': keyName },
    }),
  );
};

/** Up to `limit` marked items, oldest first (the index sorts them by when they were made). */
export const queryUnpublished = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  indexName: string,
  limit: number,
): Promise<Record<string, unknown>[]> => {
  const result = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: indexName,
      KeyConditionExpression: 'publishState = :pending',
      ExpressionAttributeValues: { ':pending': PENDING },
      Limit: limit,
    }),
  );
  return result.Items ?? [];
};
