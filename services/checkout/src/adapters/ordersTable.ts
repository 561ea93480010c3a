import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  AdvanceOrderStatus,
  GetOrder,
  ListUnpublishedOrders,
  MarkOrderPublished,
  Order,
  SaveNewOrder,
} from '../domain/order.ts';
import {
  clearUnpublishedMark,
  fromMarkedItem,
  type MarkedItem,
  queryUnpublished,
  toMarkedItem,
} from './unpublishedMark.ts';

/** Name of the sparse index of orders whose event may not be on the topic yet. */
export const UNPUBLISHED_INDEX = 'unpublished-by-created';

/** Adapter: stores a new order, never overwriting an existing id (a conditional put). */
export const makeSaveNewOrder =
  (client: DynamoDBDocumentClient, tableName: string): SaveNewOrder =>
  async (order) => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: toMarkedItem(order),
          ConditionExpression: 'attribute_not_exists(orderId)',
        }),
      );
      return 'created';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'exists';
      throw error;
    }
  };

/** Adapter: clears the unpublished mark. */
export const makeMarkOrderPublished =
  (client: DynamoDBDocumentClient, tableName: string): MarkOrderPublished =>
  (orderId) =>
    clearUnpublishedMark(client, tableName, 'orderId', orderId);

/** Adapter: reads one order with a strongly consistent read. */
export const makeGetOrder =
  (client: DynamoDBDocumentClient, tableName: string): GetOrder =>
  async (orderId) => {
    const result = await client.send(
      new GetCommand({ TableName: tableName, Key: { orderId }, ConsistentRead: true }),
    );
    return result.Item === undefined ? undefined : fromMarkedItem(result.Item as MarkedItem<Order>);
  };

/**
 * Adapter: one conditional UpdateItem, no read. A duplicate needs no timeline check in the
 * condition: its event already moved the order to `entry.status`, which is never in `from`.
 */
export const makeAdvanceOrderStatus =
  (client: DynamoDBDocumentClient, tableName: string): AdvanceOrderStatus =>
  async ({ orderId, from, entry }) => {
    // An empty IN list is invalid; no status may move to this one.
    if (from.length === 0) return 'refused';
    const fromValues = Object.fromEntries(from.map((status, i) => [`:from${String(i)}`, status]));
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { orderId },
          UpdateExpression:
            'SET #status = :target, timeline = list_append(timeline, :entry), updatedAt = :at, version = version + :one',
          ConditionExpression: `attribute_exists(orderId) AND #status IN (${Object.keys(fromValues).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':target': entry.status,
            ':entry': [entry],
            ':at': entry.recordedAt,
            ':one': 1,
            ...fromValues,
          },
        }),
      );
      return 'moved';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'refused';
      throw error;
    }
  };

/** Adapter: oldest unpublished orders first, through the sparse index. */
export const makeListUnpublishedOrders =
  (client: DynamoDBDocumentClient, tableName: string): ListUnpublishedOrders =>
  async (limit) =>
    (await queryUnpublished(client, tableName, UNPUBLISHED_INDEX, limit)).map((item) =>
      fromMarkedItem(item as MarkedItem<Order>),
    );
