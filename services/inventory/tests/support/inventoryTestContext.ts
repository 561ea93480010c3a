import { randomUUID } from 'node:crypto';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import {
  type ConveyorEvent,
  type OrderPlacedV1,
  queueName,
  stageName,
  topicName,
  topology,
} from '@conveyor/event-types';
import { localAccountId, localRegion } from '@conveyor/local-cloud';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import {
  type AwsClients,
  awsClients,
  boundedFetch,
  type TopicTap,
  tapTopic,
  waitFor,
} from '@conveyor/service-testing';
import { inject } from 'vitest';

const stage = 'local';

/** Physical names in the test cloud, from the contract's topology. */
export const names = {
  orderEventsTopicArn: `arn:aws:sns:${localRegion}:${localAccountId}:${topicName(stage, 'orderEvents')}`,
  inventoryEventsTopic: topicName(stage, 'inventoryEvents'),
  ordersQueue: queueName(stage, 'inventoryOrders'),
  ordersDlq: stageName(stage, topology.queues['inventoryOrders']?.dlqName ?? 'missing'),
  stockTable: stageName(stage, 'inventory-stock'),
  reservationsTable: stageName(stage, 'inventory-reservations'),
} as const;

/** SDK clients pointed at the run's local cloud (started in globalSetup.ts). */
export const testClients = (): AwsClients => awsClients({ endpoints: inject('cloudEndpoints') });

/** A SKU no other test uses, so tests sharing the offline inventory cannot disturb each other. */
export const uniqueSku = (prefix: string): string =>
  `${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`;

/** A response's status, content type and parsed JSON body. */
export interface JsonReply {
  readonly status: number;
  readonly contentType: string | null;
  readonly headers: Headers;
  readonly json: Record<string, unknown>;
}

const reply = async (response: Response): Promise<JsonReply> => {
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: response.headers,
    json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
};

/** `PUT /inventory/items/{sku}` with a raw body and headers. */
export const putStockRaw = async (
  sku: string,
  body: string,
  headers: Readonly<Record<string, string>> = { 'content-type': 'application/json' },
): Promise<JsonReply> =>
  reply(
    await boundedFetch(`${inject('inventoryUrl')}/inventory/items/${sku}`, {
      method: 'PUT',
      headers,
      body,
    }),
  );

/** Sets a SKU's on-hand stock through the admin API, as an operator would. */
export const putStock = async (sku: string, onHand: number): Promise<JsonReply> =>
  putStockRaw(sku, JSON.stringify({ onHand }));

/** `GET /inventory/items/{sku}`. */
export const getStock = async (sku: string): Promise<JsonReply> =>
  reply(await boundedFetch(`${inject('inventoryUrl')}/inventory/items/${sku}`));

/**
 * Publishes `order.placed` on checkout's topic exactly as the toolkit's publisher does; a
 * different `deduplicationId` makes SNS deliver a copy, and `groupId` can queue it behind
 * another order's messages.
 */
export const publishOrderPlaced = async (
  clients: AwsClients,
  event: OrderPlacedV1,
  options: { readonly deduplicationId?: string; readonly groupId?: string } = {},
): Promise<void> => {
  const input = toPublishInput(names.orderEventsTopicArn, event);
  await clients.sns.send(
    new PublishCommand({
      ...input,
      MessageDeduplicationId: options.deduplicationId ?? event.eventId,
      MessageGroupId: options.groupId ?? event.aggregateId,
    }),
  );
};

/** The URL of one of the test cloud's queues. */
export const queueUrl = async (clients: AwsClients, name: string): Promise<string> => {
  const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  if (QueueUrl === undefined) throw new Error(`no queue ${name}`);
  return QueueUrl;
};

/** What inventory publishes, as seen through a tap on its topic. */
export interface OutcomeWatch {
  /** Every outcome event of `orderIds` seen so far, after draining the tap. */
  readonly outcomesOf: (orderIds: readonly string[]) => Promise<ConveyorEvent[]>;
  /** Waits (bounded) until each of `orderIds` has at least one outcome; returns the first of each. */
  readonly waitForOutcomes: (orderIds: readonly string[]) => Promise<ConveyorEvent[]>;
}

/** Taps the inventory topic; every test file makes its own tap and filters by order id. */
export const watchOutcomes = async (clients: AwsClients): Promise<OutcomeWatch> => {
  const tap: TopicTap = await tapTopic(clients, names.inventoryEventsTopic);
  const seen: ConveyorEvent[] = [];
  const outcomesOf = async (orderIds: readonly string[]) => {
    seen.push(...((await tap.drain(10)) as ConveyorEvent[]));
    const wanted = new Set(orderIds);
    return seen.filter((event) => wanted.has(event.aggregateId));
  };
  return {
    outcomesOf,
    waitForOutcomes: async (orderIds) =>
      waitFor(
        async () => {
          const found = await outcomesOf(orderIds);
          const firsts = orderIds.flatMap((id) => {
            const first = found.find((event) => event.aggregateId === id);
            return first === undefined ? [] : [first];
          });
          return firsts.length === orderIds.length ? firsts : undefined;
        },
        { description: `outcomes of ${orderIds.length} order(s)`, intervalMs: 200 },
      ),
  };
};
