// What the onShipmentCreated tests share: shipping's topic, inventory's shipments queue and DLQ,
// publishing shipment.created as shipping does, and reserving an order to ship.
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  queueName,
  type ShipmentCreatedV1,
  stageName,
  topicName,
  topology,
} from '@conveyor/event-types';
import { localAccountId, localRegion } from '@conveyor/local-cloud';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import { type AwsClients, readServiceLogs, waitFor } from '@conveyor/service-testing';
import { inject } from 'vitest';
import type { RecordedShipment } from '../../src/domain/reservation.ts';
import {
  getStock,
  names,
  type OutcomeWatch,
  publishOrderPlaced,
  putStock,
  uniqueSku,
} from './inventoryTestContext.ts';
import { orderPlaced } from './orderPlaced.ts';
import { shipmentCreated } from './shipmentCreated.ts';

const stage = 'local';

/** Physical names of the shipments side in the test cloud, from the contract's topology. */
export const shipmentNames = {
  shippingEventsTopicArn: `arn:aws:sns:${localRegion}:${localAccountId}:${topicName(stage, 'shippingEvents')}`,
  shipmentsQueue: queueName(stage, 'inventoryShipments'),
  shipmentsDlq: stageName(stage, topology.queues['inventoryShipments']?.dlqName ?? 'missing'),
} as const;

/** The offline inventory's JSON log lines so far (every function's). */
export const serviceLogs = (): Promise<Record<string, unknown>[]> =>
  readServiceLogs(inject('inventoryOutputUrl'));

/** A SKU's stock as the admin API answers it. */
export interface StockView {
  readonly sku: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
}

/** `GET /inventory/items/{sku}`'s body. */
export const stockOf = async (sku: string): Promise<StockView> =>
  (await getStock(sku)).json as unknown as StockView;

/** Waits (bounded) until the SKU's stock satisfies `until`, and returns it. */
export const waitForStock = async (
  sku: string,
  until: (stock: StockView) => boolean,
  description: string,
): Promise<StockView> =>
  waitFor(
    async () => {
      const stock = await stockOf(sku);
      return until(stock) ? stock : undefined;
    },
    { description: `stock of ${sku}: ${description}`, intervalMs: 250 },
  );

/** Waits (bounded) until the SKU's on-hand count falls below `onHand`, and returns the stock. */
export const waitForOnHandBelow = (sku: string, onHand: number): Promise<StockView> =>
  waitForStock(sku, (stock) => stock.onHand < onHand, `on-hand below ${onHand}`);

/**
 * Publishes `shipment.created` on shipping's topic exactly as the toolkit's publisher does; a
 * different `deduplicationId` makes SNS deliver a copy, and `groupId` can queue it behind
 * another order's messages.
 */
export const publishShipmentCreated = async (
  clients: AwsClients,
  event: ShipmentCreatedV1,
  options: { readonly deduplicationId?: string; readonly groupId?: string } = {},
): Promise<void> => {
  const input = toPublishInput(shipmentNames.shippingEventsTopicArn, event);
  await clients.sns.send(
    new PublishCommand({
      ...input,
      MessageDeduplicationId: options.deduplicationId ?? event.eventId,
      MessageGroupId: options.groupId ?? event.aggregateId,
    }),
  );
};

/** The shipment inventory recorded for an order, read straight from its reservations table. */
export const recordedShipmentOf = async (
  clients: AwsClients,
  orderId: string,
): Promise<RecordedShipment | undefined> => {
  const { Item } = await clients.documents.send(
    new GetCommand({ TableName: names.reservationsTable, Key: { orderId }, ConsistentRead: true }),
  );
  return Item?.['shipment'] as RecordedShipment | undefined;
};

/** The holds on a SKU's stock item, by order id. */
export const holdsOf = async (
  clients: AwsClients,
  sku: string,
): Promise<Record<string, number> | undefined> => {
  const { Item } = await clients.documents.send(
    new GetCommand({ TableName: names.stockTable, Key: { sku }, ConsistentRead: true }),
  );
  return Item?.['holds'] as Record<string, number> | undefined;
};

/**
 * Stocks a fresh SKU with `onHand` units, reserves `units` of it for a new order through
 * `order.placed`, and waits for `inventory.reserved`.
 */
export const reservedOrder = async (
  clients: AwsClients,
  outcomes: OutcomeWatch,
  { prefix, onHand, units }: { prefix: string; onHand: number; units: number },
) => {
  const sku = uniqueSku(prefix);
  await putStock(sku, onHand);
  const placed = orderPlaced([[sku, units]]);
  await publishOrderPlaced(clients, placed);
  const [outcome] = await outcomes.waitForOutcomes([placed.aggregateId]);
  if (outcome?.eventType !== 'inventory.reserved') {
    throw new Error(`order ${placed.aggregateId} was not reserved: ${outcome?.eventType}`);
  }
  return { sku, placed, orderId: placed.aggregateId };
};

/**
 * Ships a fresh reserved order in `orderId`'s message group and waits until its stock has
 * fallen: FIFO order within the group means every shipment published before it in that group
 * has been handled.
 */
export const drainShipmentGroup = async (
  clients: AwsClients,
  outcomes: OutcomeWatch,
  orderId: string,
): Promise<void> => {
  const barrier = await reservedOrder(clients, outcomes, {
    prefix: 'SHIP-BARRIER',
    onHand: 1,
    units: 1,
  });
  await publishShipmentCreated(clients, shipmentCreated(barrier.orderId), { groupId: orderId });
  await waitForOnHandBelow(barrier.sku, 1);
};
