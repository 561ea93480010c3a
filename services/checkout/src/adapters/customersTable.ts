import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  Customer,
  GetCustomerByEmail,
  ListUnpublishedCustomers,
  MarkCustomerPublished,
  SaveNewCustomer,
} from '../domain/customer.ts';

/** Name of the sparse index of customers whose event may not be on the topic yet. */
export const UNPUBLISHED_CUSTOMERS_INDEX = 'unpublished-by-registered';
const PENDING = 'PENDING';

// Stored shape: keyed by the normalised email, plus a sparse `publishState` key that exists only
// while the event is unpublished (as in the orders table).
type CustomerItem = Omit<Customer, 'unpublished'> & { publishState?: string };

const toItem = (customer: Customer): CustomerItem => {
  const { unpublished, ...rest } = customer;
  return unpublished ? { ...rest, publishState: PENDING } : rest;
};

const fromItem = (item: Record<string, unknown>): Customer => {
  const { publishState, ...rest } = item as CustomerItem;
  return { ...rest, unpublished: publishState === PENDING };
};

/** Adapter: stores a new customer, never overwriting one with the same email (a conditional put). */
export const makeSaveNewCustomer =
  (client: DynamoDBDocumentClient, tableName: string): SaveNewCustomer =>
  async (customer) => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: toItem(customer),
          ConditionExpression: 'attribute_not_exists(email)',
        }),
      );
      return 'created';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'exists';
      throw error;
    }
  };

/** Adapter: reads the customer of one email with a strongly consistent read. */
export const makeGetCustomerByEmail =
  (client: DynamoDBDocumentClient, tableName: string): GetCustomerByEmail =>
  async (email) => {
    const result = await client.send(
      new GetCommand({ TableName: tableName, Key: { email }, ConsistentRead: true }),
    );
    return result.Item === undefined ? undefined : fromItem(result.Item);
  };

/** Adapter: clears the unpublished mark. */
export const makeMarkCustomerPublished =
  (client: DynamoDBDocumentClient, tableName: string): MarkCustomerPublished =>
  async (email) => {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { email },
        UpdateExpression: 'REMOVE publishState',
        ConditionExpression: 'attribute_exists(email)',
      }),
    );
  };

/** Adapter: oldest unpublished customers first, through the sparse index. */
export const makeListUnpublishedCustomers =
  (client: DynamoDBDocumentClient, tableName: string): ListUnpublishedCustomers =>
  async (limit) => {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: UNPUBLISHED_CUSTOMERS_INDEX,
        KeyConditionExpression: 'publishState = :pending',
        ExpressionAttributeValues: { ':pending': PENDING },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map(fromItem);
  };
