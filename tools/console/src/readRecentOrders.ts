import { DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { stageName } from '@conveyor/event-types';

/** One step of an order's status history, as checkout keeps it. */
export interface OrderStatusEntry {
  readonly status: string;
  readonly at: string;
}

/** An order as the console lists it. */
export interface RecentOrder {
  readonly orderId: string;
  readonly status: string;
  readonly createdAt: string;
  readonly timeline: readonly OrderStatusEntry[];
}

/** What {@link readRecentOrders} read. */
export interface RecentOrders {
  /** Newest first. */
  readonly orders: readonly RecentOrder[];
  /**
   * False when the table holds more than the scan may read: the orders are the newest of those
   * read, and a newer one may be missing.
   */
  readonly complete: boolean;
  /** Orders read. */
  readonly scanned: number;
}

/** Options of {@link readRecentOrders}. */
export interface RecentOrdersOptions {
  readonly client: DynamoDBClient;
  readonly stage: string;
  /** At most this many, newest first. Default 10. */
  readonly limit?: number;
  /** Items scanned at most: a local table stays small, this bounds a long-running one. */
  readonly scanLimit?: number;
}

/** The physical name of checkout's orders table in a stage (services/checkout/resources.yml). */
export const ordersTableName = (stage: string): string => stageName(stage, 'checkout-orders');

const asEntries = (value: unknown): OrderStatusEntry[] =>
  Array.isArray(value)
    ? value.flatMap((entry: unknown) => {
        const { status, at } = (entry ?? {}) as Record<string, unknown>;
        return typeof status === 'string' && typeof at === 'string' ? [{ status, at }] : [];
      })
    : [];

/**
 * The newest orders of checkout's orders table, with their status history. A scan: the local
 * table holds what a developer placed, and the table has no index by time to query. One that
 * outgrew `scanLimit` (benchmarks on a persistent local cloud) is read in part, and says so.
 * A missing table (checkout not started yet) is no orders.
 */
export const readRecentOrders = async (options: RecentOrdersOptions): Promise<RecentOrders> => {
  const documents = DynamoDBDocumentClient.from(options.client);
  const scanLimit = options.scanLimit ?? 5_000;
  const orders: RecentOrder[] = [];
  let startKey: Record<string, unknown> | undefined;
  try {
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: ordersTableName(options.stage),
          ProjectionExpression: 'orderId, #status, createdAt, #timeline',
          ExpressionAttributeNames: { '#status': 'status', '#timeline': 'timeline' },
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of page.Items ?? []) {
        const { orderId, status, createdAt, timeline } = item;
        if (typeof orderId !== 'string' || typeof status !== 'string') continue;
        orders.push({
          orderId,
          status,
          createdAt: typeof createdAt === 'string' ? createdAt : '',
          timeline: asEntries(timeline),
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined && orders.length < scanLimit);
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      return { orders: [], complete: true, scanned: 0 };
    }
    throw error;
  }
  return {
    orders: orders
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, options.limit ?? 10),
    complete: startKey === undefined,
    scanned: orders.length,
  };
};
