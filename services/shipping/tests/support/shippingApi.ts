import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import {
  buildEvent,
  type EventData,
  exampleEventData,
  type InventoryReservedV1,
} from '@conveyor/event-types';
import { localAccountId, localRegion } from '@conveyor/local-cloud';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import {
  awsClients,
  boundedFetch,
  type TopicTap,
  waitFor,
  waitForDrained,
} from '@conveyor/service-testing';
import { inject } from 'vitest';

export const shippingUrl = (): string => inject('shippingUrl');

export const clients = awsClients({ endpoints: inject('cloudEndpoints') });

export const topicArn = (name: string): string =>
  `arn:aws:sns:${localRegion}:${localAccountId}:conveyor-local-${name}`;

export const LABELS_BUCKET = `conveyor-local-shipping-labels-${localAccountId}`;
export const REQUESTS_QUEUE = 'conveyor-local-shipping-requests.fifo';
export const REQUESTS_DLQ = 'conveyor-local-shipping-requests-dlq.fifo';

export const queueUrl = async (name: string): Promise<string> => {
  const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  if (QueueUrl === undefined) throw new Error(`no queue ${name}`);
  return QueueUrl;
};

/** An `inventory.reserved` for `orderId`, as inventory would publish it. */
export const reservedEvent = (
  orderId: string,
  overrides: Partial<EventData<'inventory.reserved', 1>> = {},
): InventoryReservedV1 =>
  buildEvent({
    eventType: 'inventory.reserved',
    version: 1,
    aggregateId: orderId,
    data: { ...exampleEventData['inventory.reserved'](), ...overrides },
  });

/** Publishes on inventory's topic; a different deduplication id makes SNS deliver a duplicate. */
export const publishReserved = async (
  event: InventoryReservedV1,
  deduplicationId = event.eventId,
): Promise<void> => {
  await clients.sns.send(
    new PublishCommand({
      ...toPublishInput(topicArn('inventory-events.fifo'), event),
      MessageDeduplicationId: deduplicationId,
    }),
  );
};

export interface ShipmentView {
  orderId: string;
  shipmentId: string;
  status: string;
  carrier: string;
  service: string;
  trackingNumber: string;
  estimatedDelivery: string;
  createdAt: string;
  labelKey: string;
  labelUrl?: string;
  labelUrlExpiresAt?: string;
}

export const getShipment = async (
  orderId: string,
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> => {
  const response = await boundedFetch(`${shippingUrl()}/shipments/${orderId}`);
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
};

/** Waits until the order's shipment reaches `status`. */
export const waitForShipment = async (
  orderId: string,
  status = 'LABEL_CREATED',
): Promise<ShipmentView> =>
  waitFor(
    async () => {
      const response = await getShipment(orderId);
      const view = response.json as unknown as ShipmentView;
      return response.status === 200 && view.status === status ? view : undefined;
    },
    { description: `shipment of ${orderId} ${status}` },
  );

export interface ShipmentCreatedMessage {
  eventId: string;
  eventType: string;
  aggregateId: string;
  metadata: { correlationId: string; causationId?: string };
  data: { shipmentId: string; trackingNumber: string; carrier: string; labelKey: string };
}

/**
 * Everything a tap of the shipping topic has received, kept across tests: draining removes
 * messages from the tap queue, so the log keeps them for whoever asks later.
 */
export const eventLog = (tap: TopicTap) => {
  const seen: ShipmentCreatedMessage[] = [];
  const poll = async () => {
    seen.push(...((await tap.drain()) as ShipmentCreatedMessage[]));
  };
  const of = (orderId: string) => seen.filter((event) => event.aggregateId === orderId);
  return {
    /**
     * Waits for `count` events of the order, then until shipping has handled every request
     * delivered so far (it publishes before it deletes a request), so that a duplicate it
     * would publish late is in the log too.
     */
    forOrder: async (
      orderId: string,
      { count = 1 }: { count?: number } = {},
    ): Promise<ShipmentCreatedMessage[]> => {
      await waitFor(
        async () => {
          await poll();
          return of(orderId).length >= count ? true : undefined;
        },
        { description: `${count} shipment.created for ${orderId}` },
      );
      await waitForDrained(clients, await queueUrl(REQUESTS_QUEUE), {
        description: `${REQUESTS_QUEUE} drained: every delivered request handled`,
      });
      await poll();
      return of(orderId);
    },
  };
};

/** The label object's bytes. */
export const readLabel = async (key: string): Promise<Uint8Array> => {
  const object = await clients.s3.send(new GetObjectCommand({ Bucket: LABELS_BUCKET, Key: key }));
  if (object.Body === undefined) throw new Error(`label ${key} has no body`);
  return object.Body.transformToByteArray();
};
