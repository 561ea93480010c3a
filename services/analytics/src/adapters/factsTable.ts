import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type {
  DayEntry,
  ListDayEntries,
  Milestones,
  NoteMilestone,
  SaveDayEntry,
} from '../domain/orderFact.ts';

// One table, two kinds of items:
// - day entries: pk `DAY#<YYYY-MM-DD>`, sk `<kind>#<orderId>`, so a day is one query and each
//   fact of an order exists once;
// - milestones: pk `ORDER#<orderId>`, sk `milestones`, { placedAt?, shippedAt? }.

const dayKey = (day: string) => `DAY#${day}`;
const MILESTONES = 'milestones';

const base = { orderId: z.string(), day: z.string() };
const factBase = { ...base, eventId: z.string(), occurredAt: z.string() };

const dayEntrySchema = z.discriminatedUnion('kind', [
  z.object({ ...factBase, kind: z.literal('placed') }),
  z.object({
    ...factBase,
    kind: z.literal('confirmed'),
    currency: z.string(),
    total: z.number(),
    lines: z.array(z.object({ sku: z.string(), quantity: z.number() })),
  }),
  z.object({ ...factBase, kind: z.literal('rejected') }),
  z.object({ ...factBase, kind: z.literal('shipped') }),
  z.object({
    ...base,
    kind: z.literal('leadTime'),
    placedAt: z.string(),
    shippedAt: z.string(),
    leadTimeMs: z.number(),
  }),
]);

const milestonesSchema = z.object({
  placedAt: z.optional(z.string()),
  shippedAt: z.optional(z.string()),
});

/** Stores a day entry once: `attribute_not_exists`, so a second write of it is `duplicate`. */
export const makeSaveDayEntry =
  (documents: DynamoDBDocumentClient, tableName: string): SaveDayEntry =>
  async (entry: DayEntry) => {
    try {
      await documents.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: dayKey(entry.day), sk: `${entry.kind}#${entry.orderId}`, ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'recorded';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'duplicate';
      throw error;
    }
  };

/** Sets one milestone with `if_not_exists` in one UpdateItem, and returns the item after it. */
export const makeNoteMilestone =
  (documents: DynamoDBDocumentClient, tableName: string): NoteMilestone =>
  async (orderId, milestone, at) => {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: `ORDER#${orderId}`, sk: MILESTONES },
        UpdateExpression: 'SET #milestone = if_not_exists(#milestone, :at)',
        ExpressionAttributeNames: { '#milestone': milestone },
        ExpressionAttributeValues: { ':at': at },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const { placedAt, shippedAt } = milestonesSchema.parse(Attributes ?? {});
    const milestones: Milestones = {
      ...(placedAt === undefined ? {} : { placedAt }),
      ...(shippedAt === undefined ? {} : { shippedAt }),
    };
    return milestones;
  };

/** Every entry of a day: one query, page after page. */
export const makeListDayEntries =
  (documents: DynamoDBDocumentClient, tableName: string): ListDayEntries =>
  async (day) => {
    const entries: DayEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': dayKey(day) },
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of page.Items ?? []) entries.push(dayEntrySchema.parse(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return entries;
  };
