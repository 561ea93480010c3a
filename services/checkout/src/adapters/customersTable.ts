import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type {
  Customer,
  GetCustomerByEmail,
  ListUnpublishedCustomers,
  MarkCustomerPublished,
  SaveNewCustomer,
} from '../domain/customer.ts';
import {
  clearUnpublishedMark,
  fromMarkedItem,
  type MarkedItem,
  queryUnpublished,
  toMarkedItem,
} from './unpublishedMark.ts';

/** Name of the sparse index of customers whose event may not be on the topic yet. */
export const UNPUBLISHED_CUSTOMERS_INDEX = 'unpublished-by-registered';

/** Adapter: stores a new customer, never overwriting one with the same email (a conditional put). */
export const makeSaveNewCustomer =
  (client: DynamoDBDocumentClient, tableName: string): SaveNewCustomer =>
  async (customer) => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: toMarkedItem(customer),
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
    return result.Item === undefined
      ? undefined
      : fromMarkedItem(result.Item as MarkedItem<Customer>);
  };

/** Adapter: clears the unpublished mark. */
export const makeMarkCustomerPublished =
  (client: DynamoDBDocumentClient, tableName: string): MarkCustomerPublished =>
  (email) =>
    clearUnpublishedMark(client, tableName, 'email', email);

/** Adapter: oldest unpublished customers first, through the sparse index. */
export const makeListUnpublishedCustomers =
  (client: DynamoDBDocumentClient, tableName: string): ListUnpublishedCustomers =>
  async (limit) =>
    (await queryUnpublished(client, tableName, UNPUBLISHED_CUSTOMERS_INDEX, limit)).map((item) =>
      fromMarkedItem(item as MarkedItem<Customer>),
    );
