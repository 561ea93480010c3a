import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AudienceContact,
  ContactVersionConflictError,
  type GetContact,
  type SaveContact,
} from '../domain/audienceContact.ts';

/** Adapter: reads one contact with a strongly consistent read, so a retry sees the last write. */
export const makeGetContact =
  (client: DynamoDBDocumentClient, tableName: string): GetContact =>
  async (customerId) => {
    const result = await client.send(
      new GetCommand({ TableName: tableName, Key: { customerId }, ConsistentRead: true }),
    );
    return result.Item as AudienceContact | undefined;
  };

/** Adapter: replaces the contact only if it is still at the version that was read. */
export const makeSaveContact =
  (client: DynamoDBDocumentClient, tableName: string): SaveContact =>
  async (contact, expectedVersion) => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: contact,
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
