// Acceptance: a poison message is redriven after its cause is fixed, and is then processed
// exactly once; and the valid events a poison took into a FIFO DLQ with it are redriven without
// it, and processed once.
//
// The failure has to depend on state an operator can repair, so that the SAME message, moved
// back unchanged, succeeds. Checkout's order-status consumer is such a case: an
// `inventory.reserved` for an order checkout does not have fails permanently
// (UnknownOrderError → PermanentError) and reaches the DLQ after maxReceiveCount receives. Here
// the order's row is lost after the order was placed (an accidental delete; in AWS the repair
// is a restore from the table's point-in-time backup), and the repair puts the row back. The
// event itself is valid, so redriving it once the row is back moves the order to CONFIRMED.
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { PublishCommand } from '@aws-sdk/client-sns';
import { randomUUID } from 'node:crypto';
import { GetQueueUrlCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { buildEvent, exampleEventData } from '@conveyor/event-types';
import type { LocalCloud } from '@conveyor/local-cloud';
import { localAccountId, localRegion } from '@conveyor/local-cloud';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import {
  type AwsClients,
  awsClients,
  boundedFetch,
  type OfflineService,
  startOfflineService,
  startTestCloud,
  waitFor,
  waitForDrained,
} from '@conveyor/service-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectToStage, type DlqConnection } from '../src/connectToStage.ts';
import { findDeadLetterQueue } from '../src/deadLetterQueues.ts';
import { peekDeadLetterQueue } from '../src/peekDeadLetterQueue.ts';
import { readQueue } from '../src/readQueue.ts';
import { redriveDeadLetterQueue } from '../src/redriveDeadLetterQueue.ts';

const ordersTable = 'conveyor-local-checkout-orders';
const inventoryEventsTopic = `arn:aws:sns:${localRegion}:${localAccountId}:conveyor-local-inventory-events.fifo`;

interface OrderView {
  readonly status: string;
  readonly timeline: readonly { status: string; eventId?: string }[];
}

let cloud: LocalCloud;
let checkout: OfflineService;
let clients: AwsClients;
let connection: DlqConnection;

beforeAll(async () => {
  cloud = await startTestCloud();
  try {
    checkout = await startOfflineService({ name: 'checkout', cloud });
  } catch (error) {
    await cloud.stop();
    throw error;
  }
  clients = awsClients(cloud);
  connection = await connectToStage({
    stage: 'local',
    env: { CONVEYOR_LOCAL_PORTS: JSON.stringify(cloud.ports) },
  });
});

afterAll(async () => {
  connection.close();
  clients.destroy();
  await checkout.stop();
  await cloud.stop();
});

const placeOrder = async (): Promise<string> => {
  const response = await boundedFetch(`${checkout.httpUrl}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      customer: { id: 'cus-dlq', email: 'ada@example.com', name: 'Ada Lovelace' },
      lines: [{ sku: 'MUG-LOGO', quantity: 1 }],
      shippingAddress: {
        name: 'Ada Lovelace',
        line1: '12 St James Square',
        city: 'London',
        postalCode: 'SW1Y 4JH',
        country: 'GB',
      },
      currency: 'USD',
      marketingOptIn: false,
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { orderId: string }).orderId;
};

const getOrder = async (orderId: string): Promise<OrderView | undefined> => {
  const response = await boundedFetch(`${checkout.httpUrl}/orders/${orderId}`);
  return response.status === 404 ? undefined : ((await response.json()) as OrderView);
};

const readRow = async (orderId: string): Promise<Record<string, unknown> | undefined> =>
  (
    await clients.documents.send(
      new GetCommand({ TableName: ordersTable, Key: { orderId }, ConsistentRead: true }),
    )
  ).Item;

// Powertools logs one JSON line per record outcome; the toolkit adds the record's eventId.
const logLines = (message: string, eventId: string): number =>
  checkout
    .output()
    .split('\n')
    .filter((line) => line.includes(`"message":"${message}"`) && line.includes(eventId)).length;

describe('redrive after the cause is fixed', () => {
  it('processes the poison message exactly once', async () => {
    // Prepare: an order, whose row is then lost; an inventory.reserved for it fails
    // permanently and ends in checkout's DLQ.
    const queue = findDeadLetterQueue('local', 'checkout-order-status');
    const orderId = await placeOrder();
    const backup = await waitFor(async () => readRow(orderId), {
      description: `order ${orderId} stored`,
    });
    await clients.documents.send(new DeleteCommand({ TableName: ordersTable, Key: { orderId } }));
    const reserved = buildEvent({
      eventType: 'inventory.reserved',
      version: 1,
      aggregateId: orderId,
      data: exampleEventData['inventory.reserved'](),
    });
    await clients.sns.send(new PublishCommand(toPublishInput(inventoryEventsTopic, reserved)));
    const peeked = await waitFor(
      async () => {
        const result = await peekDeadLetterQueue(connection, queue);
        return result.messages.length > 0 ? result : undefined;
      },
      { description: `${queue.name} holding the poison message`, intervalMs: 500 },
    );
    expect(peeked.messages).toHaveLength(1);
    expect(peeked.messages[0]?.envelope).toMatchObject({
      valid: true,
      eventType: 'inventory.reserved',
      eventId: reserved.eventId,
      correlationId: reserved.metadata.correlationId,
    });
    expect(peeked.messages[0]?.messageGroupId).toBe(orderId);
    expect(
      logLines(
        'Event failed permanently: it goes to the DLQ after the last receive',
        reserved.eventId,
      ),
    ).toBeGreaterThan(0);
    expect(logLines('Event handled', reserved.eventId)).toBe(0);
    // Redriving before the fix would only send it round again: fix first.
    await clients.documents.send(new PutCommand({ TableName: ordersTable, Item: backup }));

    // Act
    const result = await redriveDeadLetterQueue(connection, queue);

    // Assess
    expect(result).toMatchObject({ method: 'manual', moved: 1, remaining: 0 });
    expect(result.messages[0]).toMatchObject({
      eventId: reserved.eventId,
      messageGroupId: orderId,
    });
    const confirmed = await waitFor(
      async () => {
        const order = await getOrder(orderId);
        return order?.status === 'CONFIRMED' ? order : undefined;
      },
      { description: `order ${orderId} CONFIRMED` },
    );
    // Count once checkout is done with every delivery: a stray one would still be in the queue.
    const { QueueUrl: sourceUrl = '' } = await clients.sqs.send(
      new GetQueueUrlCommand({ QueueName: queue.sourceName }),
    );
    await waitForDrained(clients, sourceUrl, {
      description: `${queue.sourceName} drained: every delivery handled`,
    });
    const order = await getOrder(orderId);
    expect(order?.timeline.map((entry) => entry.status)).toEqual(['PLACED', 'CONFIRMED']);
    expect(order?.timeline.filter((entry) => entry.eventId === reserved.eventId)).toHaveLength(1);
    expect(confirmed.timeline).toEqual(order?.timeline);
    expect((await readRow(orderId))?.version).toBe(Number(backup.version) + 1);
    expect(logLines('Event handled', reserved.eventId)).toBe(1);
    const [source, dlq] = [
      await readQueue(connection, queue.sourceName),
      await readQueue(connection, queue.name),
    ];
    expect({ source: source.depth, dlq: dlq.depth }).toEqual({ source: 0, dlq: 0 });
  });

  it('redrives the events a poison took into its FIFO DLQ, leaving the poison there', async () => {
    // Prepare: a poison ahead of a valid inventory.reserved in the order's group, enqueued
    // together. FIFO order holds the event back while the poison fails; it uses up its receives
    // waiting and reaches the DLQ with it, never handled.
    const queue = findDeadLetterQueue('local', 'checkout-order-status');
    const orderId = await placeOrder();
    await waitFor(async () => readRow(orderId), { description: `order ${orderId} stored` });
    const reserved = buildEvent({
      eventType: 'inventory.reserved',
      version: 1,
      aggregateId: orderId,
      data: exampleEventData['inventory.reserved'](),
    });
    const poisonBody = `not json: a poison ahead of order ${orderId}'s events`;
    const { QueueUrl: sourceUrl = '' } = await clients.sqs.send(
      new GetQueueUrlCommand({ QueueName: queue.sourceName }),
    );
    await clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: sourceUrl,
        Entries: [
          {
            Id: 'poison',
            MessageBody: poisonBody,
            MessageGroupId: orderId,
            MessageDeduplicationId: randomUUID(),
          },
          {
            Id: 'reserved',
            MessageBody: JSON.stringify(reserved),
            MessageGroupId: orderId,
            MessageDeduplicationId: reserved.eventId,
            MessageAttributes: {
              eventType: { DataType: 'String', StringValue: reserved.eventType },
            },
          },
        ],
      }),
    );
    const peeked = await waitFor(
      async () => {
        const result = await peekDeadLetterQueue(connection, queue);
        return result.messages.length === 2 ? result : undefined;
      },
      { description: `${queue.name} holding the poison and the event behind it`, intervalMs: 500 },
    );
    expect(peeked.messages.map((message) => message.messageGroupId)).toEqual([orderId, orderId]);
    expect(logLines('Event handled', reserved.eventId)).toBe(0);
    expect((await getOrder(orderId))?.status).toBe('PLACED');
    const poisonId = peeked.messages.find((message) => message.body === poisonBody)?.messageId;
    if (poisonId === undefined) throw new Error('the poison is not in the DLQ');

    // Act
    const result = await redriveDeadLetterQueue(connection, queue, { keep: [poisonId] });

    // Assess
    expect(result).toMatchObject({ method: 'manual', moved: 1, remaining: 1 });
    expect(result.messages[0]).toMatchObject({
      eventId: reserved.eventId,
      messageGroupId: orderId,
    });
    expect(result.kept.map((message) => message.dlqMessageId)).toEqual([poisonId]);
    await waitFor(
      async () => ((await getOrder(orderId))?.status === 'CONFIRMED' ? true : undefined),
      { description: `order ${orderId} CONFIRMED` },
    );
    await waitForDrained(clients, sourceUrl, {
      description: `${queue.sourceName} drained: every delivery handled`,
    });
    expect(logLines('Event handled', reserved.eventId)).toBe(1);
    const left = await peekDeadLetterQueue(connection, queue);
    expect(left.messages.map((message) => [message.messageId, message.body])).toEqual([
      [result.kept[0]?.messageId, poisonBody],
    ]);
  });
});
