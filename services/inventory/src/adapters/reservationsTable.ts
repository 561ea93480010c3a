import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '@conveyor/lambda-toolkit';
import {
  type DecidedReservation,
  type DecideReservation,
  type RecordedShipment,
  type RecordShipment,
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

/**
 * Stored shape of an order whose `shipment.created` came before its `order.placed`: the
 * shipment alone. Starting the reservation fills in the rest of a {@link ReservationItem}.
 */
export interface ShipmentOnlyItem {
  readonly orderId: string;
  readonly shipment: RecordedShipment;
}

// Items are written only by this adapter, in this shape.
const fromItem = (item: Record<string, unknown>): Reservation => {
  const {
    outcomeEventId: _eventId,
    decidedAt: _decidedAt,
    ...reservation
  } = item as unknown as ReservationItem;
  return reservation;
};

// A shipment-only item (no `state`) is no reservation yet.
const reservationOf = (item: Record<string, unknown>): Reservation | undefined =>
  Object.hasOwn(item, 'state') ? fromItem(item) : undefined;

const readItem = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  orderId: string,
): Promise<Record<string, unknown>> => {
  const result = await client.send(
    new GetCommand({ TableName: tableName, Key: { orderId }, ConsistentRead: true }),
  );
  if (result.Item === undefined) {
    throw new TransientError(`Reservation of order ${orderId} vanished after a conditional write`);
  }
  return result.Item;
};

const readReservation = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  orderId: string,
): Promise<Reservation> => {
  const reservation = reservationOf(await readItem(client, tableName, orderId));
  if (reservation === undefined) {
    throw new TransientError(`Reservation of order ${orderId} refused a write yet has no state`);
  }
  return reservation;
};

/**
 * Adapter: creates the PENDING reservation, or returns the order's existing one. An update
 * rather than a put, so that a shipment recorded first is kept and read back with it.
 */
export const makeStartReservation =
  (client: DynamoDBDocumentClient, tableName: string): StartReservation =>
  async ({ orderId, state, orderEventId, lines, createdAt, updatedAt }) => {
    try {
      const result = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { orderId },
          UpdateExpression:
            'SET #state = :state, orderEventId = :orderEventId, #lines = :lines, createdAt = :createdAt, updatedAt = :updatedAt',
          ConditionExpression: 'attribute_not_exists(#state)',
          ExpressionAttributeNames: { '#state': 'state', '#lines': 'lines' },
          ExpressionAttributeValues: {
            ':state': state,
            ':orderEventId': orderEventId,
            ':lines': lines,
            ':createdAt': createdAt,
            ':updatedAt': updatedAt,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return fromItem(result.Attributes ?? {});
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return readReservation(client, tableName, orderId);
    }
  };

/**
 * Adapter: records the shipment with one conditional update (no shipment yet, and not FAILED);
 * with no item for the order yet, the update creates a {@link ShipmentOnlyItem}. On a refusal, a
 * read tells a redelivery of the same shipment from a contradiction.
 */
export const makeRecordShipment =
  (client: DynamoDBDocumentClient, tableName: string): RecordShipment =>
  async (orderId, shipment) => {
    try {
      const result = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { orderId },
          UpdateExpression: 'SET shipment = :shipment',
          ConditionExpression:
            'attribute_not_exists(shipment) AND (attribute_not_exists(#state) OR #state <> :failed)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':shipment': shipment, ':failed': ReservationStates.Failed },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { kind: 'recorded', reservation: reservationOf(result.Attributes ?? {}) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const item = await readItem(client, tableName, orderId);
      const recorded = item['shipment'] as RecordedShipment | undefined;
      if (recorded === undefined) {
        if (item['state'] === ReservationStates.Failed) return { kind: 'rejected-order' };
        throw new TransientError(`Order ${orderId} refused its shipment yet has none recorded`, {
          cause: error,
        });
      }
      return recorded.shipmentId === shipment.shipmentId
        ? { kind: 'already-recorded', reservation: reservationOf(item) }
        : { kind: 'other-shipment', shipment: recorded };
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
