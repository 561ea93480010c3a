import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '@conveyor/lambda-toolkit';
import type {
  GetStockLevel,
  HoldStock,
  ReleaseStock,
  SetOnHand,
  ShipHeldStock,
  StockLevel,
} from '../domain/stock.ts';

/**
 * Stored shape of a stock item (partition key `sku`). `data/seed-stock.json` holds items of
 * exactly this shape. Invariants: `reserved` is the sum of `holds`, `available = onHand -
 * reserved`, and `available >= 0`; every write below keeps them in one conditional update.
 */
export interface StockItem extends StockLevel {
  /** Units held per order id. The hold itself makes holding and releasing idempotent per order. */
  readonly holds: Readonly<Record<string, number>>;
}

// A condition check failure can have several causes; a read tells them apart, at most this
// many times before giving up on a SKU whose stock keeps moving.
const MAX_HOLD_ATTEMPTS = 5;

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException;

const readItem = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  sku: string,
): Promise<StockItem | undefined> => {
  const result = await client.send(
    new GetCommand({ TableName: tableName, Key: { sku }, ConsistentRead: true }),
  );
  return result.Item as StockItem | undefined;
};

const toLevel = ({ sku, onHand, reserved, available }: StockItem): StockLevel => ({
  sku,
  onHand,
  reserved,
  available,
});

/** Adapter: holds stock with one conditional update that also records the hold under the order. */
export const makeHoldStock =
  (client: DynamoDBDocumentClient, tableName: string): HoldStock =>
  async ({ sku, orderId, quantity }) => {
    for (let attempt = 1; attempt <= MAX_HOLD_ATTEMPTS; attempt += 1) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { sku },
            UpdateExpression:
              'SET available = available - :quantity, reserved = reserved + :quantity, holds.#order = :quantity',
            // Fails for an unknown SKU too: `available` does not exist, so nothing is created.
            ConditionExpression: 'available >= :quantity AND attribute_not_exists(holds.#order)',
            ExpressionAttributeNames: { '#order': orderId },
            ExpressionAttributeValues: { ':quantity': quantity },
          }),
        );
        return { kind: 'held' };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      // dynalite ignores ReturnValuesOnConditionCheckFailure, so read which condition failed.
      const item = await readItem(client, tableName, sku);
      if (item === undefined) return { kind: 'unknown-sku' };
      if (Object.hasOwn(item.holds, orderId)) return { kind: 'already-held' };
      if (item.available < quantity) return { kind: 'short', available: item.available };
      // Stock came back between the update and the read (a release, a restock): try again.
    }
    throw new TransientError(`Stock of ${sku} kept changing while holding it for order ${orderId}`);
  };

/** Adapter: gives back exactly what the order's hold took, and removes the hold, in one update. */
export const makeReleaseStock =
  (client: DynamoDBDocumentClient, tableName: string): ReleaseStock =>
  async ({ sku, orderId }) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { sku },
          UpdateExpression:
            'SET available = available + holds.#order, reserved = reserved - holds.#order REMOVE holds.#order',
          ConditionExpression: 'attribute_exists(holds.#order)',
          ExpressionAttributeNames: { '#order': orderId },
        }),
      );
      return 'released';
    } catch (error) {
      if (isConditionFailure(error)) return 'not-held';
      throw error;
    }
  };

/**
 * Adapter: takes what the order's hold took off on-hand too, and removes the hold, in one
 * update; `available` does not move. The hold's presence is the condition, so a second call
 * for the same order and SKU changes nothing.
 */
export const makeShipHeldStock =
  (client: DynamoDBDocumentClient, tableName: string): ShipHeldStock =>
  async ({ sku, orderId }) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { sku },
          UpdateExpression:
            'SET onHand = onHand - holds.#order, reserved = reserved - holds.#order REMOVE holds.#order',
          ConditionExpression: 'attribute_exists(holds.#order)',
          ExpressionAttributeNames: { '#order': orderId },
        }),
      );
      return 'shipped';
    } catch (error) {
      if (isConditionFailure(error)) return 'not-held';
      throw error;
    }
  };

/** Adapter: reads a SKU's stock with a strongly consistent read. */
export const makeGetStockLevel =
  (client: DynamoDBDocumentClient, tableName: string): GetStockLevel =>
  async (sku) => {
    const item = await readItem(client, tableName, sku);
    return item === undefined ? undefined : toLevel(item);
  };

/**
 * Adapter: sets `onHand` and recomputes `available` from the stored `reserved` in one
 * conditional update, so a reservation landing at the same moment cannot slip in between;
 * creates the item, with no holds, for a new SKU.
 */
export const makeSetOnHand =
  (client: DynamoDBDocumentClient, tableName: string): SetOnHand =>
  async (sku, onHand) => {
    try {
      const result = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { sku },
          UpdateExpression:
            'SET onHand = :onHand, reserved = if_not_exists(reserved, :zero), available = :onHand - if_not_exists(reserved, :zero), holds = if_not_exists(holds, :noHolds)',
          ConditionExpression: 'attribute_not_exists(sku) OR reserved <= :onHand',
          ExpressionAttributeValues: { ':onHand': onHand, ':zero': 0, ':noHolds': {} },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const previous = result.Attributes as StockItem | undefined;
      const reserved = previous?.reserved ?? 0;
      return {
        kind: 'set',
        created: previous === undefined,
        level: { sku, onHand, reserved, available: onHand - reserved },
      };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const item = await readItem(client, tableName, sku);
      if (item === undefined) {
        throw new TransientError(`Stock item ${sku} disappeared while setting it`, {
          cause: error,
        });
      }
      return { kind: 'below-reserved', level: toLevel(item) };
    }
  };
