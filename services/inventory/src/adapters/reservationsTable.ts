import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { TransientError } from '@conveyor/lambda-toolkit';
import {
  type DecidedReservation,
  type DecideReservation,
  type Reservation,
  ReservationStates,
  type StartReservation,
} from '../domain/reservation.ts';

/**
 * Stored shape of a reservation (partition key `orderId`): the domain's `Reservation`, plus
 * `outcomeEventId` and `decidedAt` once decided, to find the published event without
 * unpacking `outcome`.
 */
export type ReservationItem = Reservation & { outcomeEventId?: string; decidedAt?: string };

// Items are written only by this adapter, in this shape.
const fromItem = (item: Record<string, unknown>): Reservation => {
  const {
    outcomeEventId: _eventId,
    decidedAt: _decidedAt,
    ...reservation
  } = item as unknown as ReservationItem;
  return reservation;
};

const readReservation = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  orderId: string,
): Promise<Reservation> => {
  const result = await client.send(
    new GetCommand({ TableName: tableName, Key: { orderId }, ConsistentRead: true }),
  );
  if (result.Item === undefined) {
    throw new TransientError(`Reservation of order ${orderId} vanished after a conditional write`);
  }
  return fromItem(result.Item);
};

/** Adapter: creates the PENDING reservation, or returns the order's existing one. */
export const makeStartReservation =
  (client: DynamoDBDocumentClient, tableName: string): StartReservation =>
  async (reservation) => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: reservation,
          ConditionExpression: 'attribute_not_exists(orderId)',
        }),
      );
      return reservation;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return readReservation(client, tableName, reservation.orderId);
    }
  };

/** Adapter: moves PENDING to the outcome's state with one conditional update; first writer wins. */
export const makeDecideReservation =
  (client: DynamoDBDocumentClient, tableName: string): DecideReservation =>
  async (orderId, outcome, decidedAt) => {
    const state =
      outcome.eventType === 'inventory.reserved'
        ? ReservationStates.Reserved
        : ReservationStates.Failed;
    try {
      const result = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { orderId },
          UpdateExpression:
            'SET #state = :state, outcome = :outcome, outcomeEventId = :eventId, decidedAt = :at, updatedAt = :at',
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':state': state,
            ':outcome': outcome,
            ':eventId': outcome.eventId,
            ':at': decidedAt,
            ':pending': ReservationStates.Pending,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return fromItem(result.Attributes ?? {}) as DecidedReservation;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await readReservation(client, tableName, orderId);
      if (existing.state === ReservationStates.Pending) {
        throw new TransientError(
          `Reservation of order ${orderId} refused its decision yet reads PENDING`,
          {
            cause: error,
          },
        );
      }
      return existing;
    }
  };
