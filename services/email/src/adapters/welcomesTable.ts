import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimWelcome } from '../domain/welcome.ts';

/**
 * Adapter: one conditional UpdateItem per customer (`customerId`, the welcoming `eventId`, the
 * first `claimedAt`), which succeeds when the customer has no record or when it is this event's.
 * When the condition fails it reads the record back (dynalite ignores
 * ReturnValuesOnConditionCheckFailure) to name the event that welcomes the customer. The item
 * holds ids only, and no TTL: a customer is welcomed once, however late a repeat comes.
 */
export const makeClaimWelcome =
  (client: DynamoDBDocumentClient, tableName: string): ClaimWelcome =>
  async (claim) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { customerId: claim.customerId },
          UpdateExpression:
            'SET #eventId = :eventId, #claimedAt = if_not_exists(#claimedAt, :claimedAt)',
          ConditionExpression: 'attribute_not_exists(#customerId) OR #eventId = :eventId',
          ExpressionAttributeNames: {
            '#customerId': 'customerId',
            '#eventId': 'eventId',
            '#claimedAt': 'claimedAt',
          },
          ExpressionAttributeValues: {
            ':eventId': claim.eventId,
            ':claimedAt': claim.claimedAt.toISOString(),
          },
        }),
      );
      return { kind: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: { customerId: claim.customerId },
          ConsistentRead: true,
        }),
      );
      const welcomedBy: unknown = current.Item?.['eventId'];
      return { kind: 'taken', welcomedBy: typeof welcomedBy === 'string' ? welcomedBy : undefined };
    }
  };
