import { randomInt, randomUUID } from 'node:crypto';
import { PublishBatchCommand, PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { topicKeyFor, topology } from '@conveyor/event-types';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import { localAccountId, localRegion } from '@conveyor/local-cloud';
import {
  awsClients,
  boundedFetch,
  jsonLogLines,
  waitFor,
  waitForDrained,
} from '@conveyor/service-testing';
import { inject } from 'vitest';
import type { OrderFlowEvent } from '../../src/domain/orderFactFrom.ts';
import type { OrderStory } from './orderStories.ts';

const clients = awsClients({ endpoints: inject('cloudEndpoints') });

export const FACTS_TABLE = 'conveyor-local-analytics-facts';
export const QUEUE = 'analytics-order-flow';

/** The real SDK clients of the run's local cloud. */
export const testClients = () => clients;

/**
 * A UTC day no other test of the run uses, far from today: the figures are per day, so a test
 * that tells its orders on its own day sees only them.
 */
export const newDay = (): string =>
  new Date(Date.UTC(2200 + randomInt(0, 7000), randomInt(0, 12), randomInt(1, 29)))
    .toISOString()
    .slice(0, 10);

/** An order id no other test uses. */
export const newOrderId = (): string => `ord-${randomUUID()}`;

/** `day` at `hh:mm:ss` UTC, as an ISO instant. */
export const at = (day: string, time: string): string => `${day}T${time}.000Z`;

/** A shipped order of `day`: placed at 09:00, confirmed a second later, shipped at `shippedAt`. */
export const shippedStory = (day: string, shippedAt = at(day, '15:30:00')): OrderStory => ({
  orderId: newOrderId(),
  currency: 'EUR',
  lines: [
    { sku: 'MUG-LOGO', quantity: 2, unitPrice: 1250 },
    { sku: 'TSHIRT-RED-M', quantity: 1, unitPrice: 1999 },
  ],
  placedAt: at(day, '09:00:00'),
  outcome: { kind: 'confirmed', at: at(day, '09:00:01'), shippedAt },
});

/** An order of `day` that inventory could not reserve. */
export const rejectedStory = (day: string): OrderStory => ({
  orderId: newOrderId(),
  currency: 'GBP',
  lines: [{ sku: 'CAP-BLUE', quantity: 3, unitPrice: 900 }],
  placedAt: at(day, '10:00:00'),
  outcome: { kind: 'rejected', at: at(day, '10:00:01') },
});

const topicArnOf = (event: OrderFlowEvent): string =>
  `arn:aws:sns:${localRegion}:${localAccountId}:conveyor-local-${topology.topics[topicKeyFor(event.eventType)]?.name ?? ''}`;

/**
 * Publishes on its producer's topic as the producer does. A second publish of one event needs
 * another `deduplicationId`, or SNS FIFO drops it before any queue sees it.
 */
export const publish = async (event: OrderFlowEvent, deduplicationId = event.eventId) => {
  await clients.sns.send(
    new PublishCommand({
      ...toPublishInput(topicArnOf(event), event),
      MessageDeduplicationId: deduplicationId,
    }),
  );
};

/** Publishes `events` one after the other, in the order given. */
export const publishInOrder = async (events: readonly OrderFlowEvent[], suffix = '') => {
  for (const event of events) await publish(event, `${event.eventId}${suffix}`);
};

/**
 * Publishes `order.placed` events in as few calls as SNS allows (10 per PublishBatch, each
 * delivered to the queue at once), so that a burst reaches the queue in a few requests.
 */
export const publishPlacedBurst = async (events: readonly OrderFlowEvent[]): Promise<void> => {
  for (let start = 0; start < events.length; start += 10) {
    const chunk = events.slice(start, start + 10);
    const [first] = chunk;
    if (first === undefined) return;
    const entries = chunk.map((event, offset) => {
      const { TopicArn: _topic, ...entry } = toPublishInput(topicArnOf(event), event);
      return { ...entry, Id: `e${String(start + offset)}` };
    });
    const { Failed = [] } = await clients.sns.send(
      new PublishBatchCommand({ TopicArn: topicArnOf(first), PublishBatchRequestEntries: entries }),
    );
    if (Failed.length > 0) throw new Error(`PublishBatch refused ${JSON.stringify(Failed)}`);
  }
};

export const queueUrl = async (name: string): Promise<string> => {
  const { QueueUrl } = await clients.sqs.send(
    new GetQueueUrlCommand({ QueueName: `conveyor-local-${name}` }),
  );
  if (QueueUrl === undefined) throw new Error(`no queue ${name}`);
  return QueueUrl;
};

/** Waits until analytics has handled every record delivered so far (its queue is empty). */
export const waitForDeliveriesHandled = async (): Promise<void> => {
  await waitForDrained(clients, await queueUrl(QUEUE), {
    description: `${QUEUE} drained: every delivered record handled`,
  });
};

/** Bodies in a queue, looked at without taking them: they stay visible for others. */
export const peekBodies = async (url: string): Promise<string[]> => {
  const bodies: string[] = [];
  for (let round = 0; round < 5; round += 1) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
    );
    bodies.push(...Messages.map((message) => message.Body ?? ''));
  }
  return bodies;
};

/** What the table holds under a day (consistent read), keys included. */
export const storedDay = async (day: string): Promise<Record<string, unknown>[]> =>
  (
    await clients.documents.send(
      new QueryCommand({
        TableName: FACTS_TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `DAY#${day}` },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly json: Record<string, unknown>;
}

/** `GET /analytics/daily` with the query parameters given (none when undefined). */
export const getDaily = async (params: Readonly<Record<string, string>>): Promise<HttpAnswer> => {
  const response = await boundedFetch(
    `${inject('analyticsUrl')}/analytics/daily?${new URLSearchParams(params).toString()}`,
  );
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    json: (await response.json()) as Record<string, unknown>,
  };
};

/** One day's figures, as `GET /analytics/daily?from=<day>&to=<day>` answers them. */
export const dayFigures = async (day: string): Promise<Record<string, unknown>> => {
  const { status, json } = await getDaily({ from: day, to: day });
  if (status !== 200) throw new Error(`GET /analytics/daily answered ${String(status)}`);
  const [figures] = json['days'] as Record<string, unknown>[];
  if (figures === undefined) throw new Error('no day in the answer');
  return figures;
};

/** Waits until the day's figures satisfy `accept`, and returns them. */
export const waitForDay = async (
  day: string,
  accept: (figures: Record<string, unknown>) => boolean,
  description: string,
): Promise<Record<string, unknown>> =>
  waitFor(
    async () => {
      const figures = await dayFigures(day);
      return accept(figures) ? figures : undefined;
    },
    { description: `figures of ${day}: ${description}` },
  );

/** The day's order counts equal `orders`. */
export const ordersAre =
  (orders: { placed: number; confirmed: number; rejected: number; shipped: number }) =>
  (figures: Record<string, unknown>): boolean =>
    JSON.stringify(figures['orders']) === JSON.stringify(orders);

/** Everything the offline analytics process printed so far. */
export const serviceOutput = async (): Promise<string> =>
  (await boundedFetch(inject('analyticsOutputUrl'))).text();

/** The service's structured (Powertools JSON) log lines so far. */
export const serviceLogs = async (): Promise<Record<string, unknown>[]> =>
  jsonLogLines(await serviceOutput());

/** The "Order fact recorded" lines of one order. */
export const recordedLinesOf = async (orderId: string) =>
  (await serviceLogs()).filter(
    (line) => line['message'] === 'Order fact recorded' && line['orderId'] === orderId,
  );
