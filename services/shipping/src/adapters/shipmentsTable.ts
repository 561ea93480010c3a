import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type GetShipment,
  type MarkLabelCreated,
  type SaveNewShipment,
  type Shipment,
  ShipmentStatuses,
} from '../domain/shipment.ts';

/** Adapter: stores a new shipment keyed by order id; an existing one is left untouched. */
export const makeSaveNewShipment =
  (client: DynamoDBDocumentClient, tableName: string): SaveNewShipment =>
  async (shipment) => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: shipment,
          ConditionExpression: 'attribute_not_exists(orderId)',
        }),
      );
      return 'saved';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'exists';
      throw error;
    }
  };

/** Adapter: reads an order's shipment with a strongly consistent read. */
export const makeGetShipment =
  (client: DynamoDBDocumentClient, tableName: string): GetShipment =>
  async (orderId) => {
    const result = await client.send(
      new GetCommand({ TableName: tableName, Key: { orderId }, ConsistentRead: true }),
    );
    return result.Item as Shipment | undefined;
  };

/** Adapter: moves a shipment to LABEL_CREATED. */
export const makeMarkLabelCreated =
  (client: DynamoDBDocumentClient, tableName: string): MarkLabelCreated =>
  async (orderId, at) => {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { orderId },
        UpdateExpression: 'SET #status = :created, updatedAt = :at, labelCreatedAt = :at',
        ConditionExpression: 'attribute_exists(orderId)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':created': ShipmentStatuses.LabelCreated, ':at': at },
      }),
    );
  };
