import { createHash } from 'node:crypto';
import { createLogger, makeSqsEventHandler } from '@conveyor/lambda-toolkit';
import { eventsDeliveredTo, parseEvent, parseTopology, topology } from '@conveyor/event-types';
import type { Context, SNSEvent, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { GeneratorError } from './GeneratorError.ts';
import { md5OfMessageAttributes, SNS_SENDER_ID, sampleEvent } from './sampleEvent.ts';

// A fixed clock and numbered ids, so the whole event is known.
const fixed = () => {
  let next = 0;
  return {
    now: () => new Date('2026-11-22T10:00:00.000Z'),
    newId: () => `00000000-0000-4000-8000-${String((next += 1)).padStart(12, '0')}`,
  };
};

// The queues that take order.placed, in the topology's order: read from it, so that a new
// consumer of order.placed changes what is expected, not whether the refusals below hold.
const orderPlacedTakers = Object.keys(topology.queues)
  .filter((key) => eventsDeliveredTo(key, topology).includes('order.placed'))
  .join(', ');

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

describe('sampleEvent --as sqs', () => {
  it("builds the record a FIFO queue's consumer gets: body, attributes, group and deduplication ids", () => {
    // Act
    const { event, conveyorEvent } = sampleEvent({
      eventType: 'order.placed',
      queue: 'inventoryOrders',
      ...fixed(),
    });

    // Assess
    const [record, ...others] = (event as SQSEvent).Records;
    expect(others).toEqual([]);
    expect(record).toMatchObject({
      body: JSON.stringify(conveyorEvent),
      md5OfBody: md5(JSON.stringify(conveyorEvent)),
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:conveyor-local-inventory-orders.fifo',
      awsRegion: 'us-east-1',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1795341600000',
        SenderId: '000000000000',
        ApproximateFirstReceiveTimestamp: '1795341600000',
        SequenceNumber: '17953416000000000000',
        MessageGroupId: conveyorEvent.aggregateId,
        MessageDeduplicationId: conveyorEvent.eventId,
      },
      messageAttributes: {
        eventType: {
          stringValue: 'order.placed',
          stringListValues: [],
          binaryListValues: [],
          dataType: 'String',
        },
        eventVersion: { stringValue: '1', dataType: 'String' },
        correlationId: { stringValue: conveyorEvent.metadata.correlationId, dataType: 'String' },
      },
    });
    expect(parseEvent(record?.body ?? '')).toMatchObject({ success: true, event: conveyorEvent });
  });

  it('leaves the FIFO attributes out on a standard queue, as SNS does, and uses SNS as sender in AWS', () => {
    // Act
    const { event } = sampleEvent({
      eventType: 'order.placed',
      queue: 'marketingAudience',
      stage: 'dev',
      ...fixed(),
    });

    // Assess
    const [record] = (event as SQSEvent).Records;
    expect(record?.attributes).toEqual({
      ApproximateReceiveCount: '1',
      SentTimestamp: '1795341600000',
      SenderId: SNS_SENDER_ID,
      ApproximateFirstReceiveTimestamp: '1795341600000',
    });
    expect(record?.eventSourceARN).toBe(
      'arn:aws:sqs:us-east-1:123456789012:conveyor-dev-marketing-audience',
    );
  });

  it("is taken by the toolkit's handler of that queue as a real delivery", async () => {
    // Prepare
    const { event, conveyorEvent } = sampleEvent({
      eventType: 'inventory.reserved',
      queue: 'shippingRequests',
    });
    const handled: unknown[] = [];
    const handler = makeSqsEventHandler({
      queue: 'shippingRequests',
      logger: createLogger('sample-event-test'),
      handlers: {
        'inventory.reserved': (reserved) => {
          handled.push(reserved);
          return Promise.resolve();
        },
      },
    });

    // Act
    const response = await handler(
      event as SQSEvent,
      {
        awsRequestId: 'req-1',
        getRemainingTimeInMillis: () => 10_000,
      } as Context,
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(handled).toEqual([conveyorEvent]);
  });

  it('picks the only queue that takes the event type', () => {
    // Prepare: a topology where one queue takes inventory.reserved, whatever else takes it today.
    const queues = Object.fromEntries(
      Object.entries(topology.queues).filter(
        ([key]) =>
          key === 'shippingRequests' ||
          !eventsDeliveredTo(key, topology).includes('inventory.reserved'),
      ),
    );
    const from = parseTopology({ ...topology, queues });

    // Act
    const { event, notes } = sampleEvent({ eventType: 'inventory.reserved', from });

    // Assess
    expect((event as SQSEvent).Records[0]?.eventSourceARN).toMatch(/shipping-requests\.fifo$/);
    expect(notes).toEqual([
      "Queue shippingRequests (conveyor-local-shipping-requests.fifo), read by shipping's onInventoryReserved.",
    ]);
  });

  it.each([
    'inventory-orders',
    'inventory-orders.fifo',
    'inventoryOrders',
    'conveyor-local-inventory-orders.fifo',
  ])(
    'takes the queue %j by its name as by its key, as the operator tools and its own note name it',
    (queue) => {
      // Act
      const { event, notes } = sampleEvent({ eventType: 'order.placed', queue });

      // Assess
      expect((event as SQSEvent).Records[0]?.eventSourceARN).toMatch(
        /:conveyor-local-inventory-orders\.fifo$/,
      );
      expect(notes).toEqual([
        "Queue inventoryOrders (conveyor-local-inventory-orders.fifo), read by inventory's onOrderPlaced.",
      ]);
    },
  );

  it.each([
    [{ eventType: 'order.shipped' }, /Unknown event type "order.shipped"; published: order.placed/],
    [
      { eventType: 'order.placed' },
      `order.placed goes to several queues (${orderPlacedTakers}): pick one with --queue`,
    ],
    [
      { eventType: 'order.placed', queue: 'shippingRequests' },
      `Queue shippingRequests does not take order.placed; these do: ${orderPlacedTakers}`,
    ],
    [
      { eventType: 'order.placed', queue: 'nope' },
      /Unknown queue "nope"; the topology has inventoryOrders \(inventory-orders\), /,
    ],
  ])('refuses %j', (options, message) => {
    // Act
    const build = () => sampleEvent(options);

    // Assess
    expect(build).toThrow(GeneratorError);
    expect(build).toThrow(message);
  });
});

describe('sampleEvent --as sns', () => {
  it('builds the notification SNS invokes a function with, and says a FIFO topic takes none', () => {
    // Act
    const { event, conveyorEvent, notes } = sampleEvent({
      eventType: 'shipment.created',
      as: 'sns',
      ...fixed(),
    });

    // Assess
    const [record] = (event as SNSEvent).Records;
    expect(record).toMatchObject({
      EventVersion: '1.0',
      EventSource: 'aws:sns',
      Sns: {
        Type: 'Notification',
        TopicArn: 'arn:aws:sns:us-east-1:000000000000:conveyor-local-shipping-events.fifo',
        Message: JSON.stringify(conveyorEvent),
        Timestamp: '2026-11-22T10:00:00.000Z',
        MessageAttributes: {
          eventType: { Type: 'String', Value: 'shipment.created' },
          eventVersion: { Type: 'String', Value: '1' },
          correlationId: { Type: 'String', Value: conveyorEvent.metadata.correlationId },
        },
      },
    });
    expect(record?.EventSubscriptionArn).toMatch(
      /^arn:aws:sns:us-east-1:000000000000:conveyor-local-shipping-events\.fifo:/,
    );
    expect(notes.join(' ')).toContain('Lambda cannot subscribe to it');
  });
});

describe('md5OfMessageAttributes', () => {
  it("matches SQS's digest (as the local cloud answered SendMessage, and the SDK checks on receive)", () => {
    // Act
    const digest = md5OfMessageAttributes({
      eventType: { DataType: 'String', StringValue: 'order.placed' },
      eventVersion: { DataType: 'String', StringValue: '1' },
      correlationId: { DataType: 'String', StringValue: 'abc-é' },
    });

    // Assess
    expect(digest).toBe('6a35c62ae4df35780336135e202a1bc0');
  });
});
