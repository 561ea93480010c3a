import type { SNSClient } from '@aws-sdk/client-sns';
import { PublishCommand } from '@aws-sdk/client-sns';
import { exampleEventData } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { orderPlaced } from '../tests/fixtures/lambdaFixtures.ts';
import { ToolkitError } from './errors.ts';
import { makeEmitEvent, makePublishEvent, toPublishInput } from './publishEvent.ts';

const ORDER_TOPIC = 'arn:aws:sns:us-east-1:000000000000:conveyor-dev-order-events.fifo';
const INVENTORY_TOPIC = 'arn:aws:sns:us-east-1:000000000000:conveyor-dev-inventory-events.fifo';

/** An in-memory stand-in for the SNS client: records what would have been sent. */
const recordingSns = () => {
  const sent: PublishCommand[] = [];
  const client = {
    send: async (command: PublishCommand) => {
      sent.push(command);
      return Promise.resolve({ MessageId: 'm-1' });
    },
  } as unknown as SNSClient;
  return { client, sent };
};

describe('toPublishInput', () => {
  it('groups by aggregate, deduplicates by event id and sets the filter attributes', () => {
    // Prepare
    const event = orderPlaced('ord-9', 'corr-9');

    // Act
    const input = toPublishInput(ORDER_TOPIC, event);

    // Assess
    expect(input).toEqual({
      TopicArn: ORDER_TOPIC,
      Message: JSON.stringify(event),
      MessageGroupId: 'ord-9',
      MessageDeduplicationId: event.eventId,
      MessageAttributes: {
        eventType: { DataType: 'String', StringValue: 'order.placed' },
        eventVersion: { DataType: 'String', StringValue: '1' },
        correlationId: { DataType: 'String', StringValue: 'corr-9' },
      },
    });
  });

  it('refuses to put an event on a topic that does not carry it', () => {
    // Act
    const act = () => toPublishInput(INVENTORY_TOPIC, orderPlaced());

    // Assess
    expect(act).toThrow(ToolkitError);
    expect(act).toThrow(/order\.placed belongs on the order-events\.fifo topic/);
  });
});

describe('makePublishEvent', () => {
  it('sends one Publish command per event', async () => {
    // Prepare
    const { client, sent } = recordingSns();
    const publish = makePublishEvent(client, ORDER_TOPIC);
    const event = orderPlaced();

    // Act
    await publish(event);

    // Assess
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(PublishCommand);
    expect(sent[0]?.input.MessageDeduplicationId).toBe(event.eventId);
  });
});

describe('makeEmitEvent', () => {
  it('propagates the correlation id and sets the causation id from the handled event', async () => {
    // Prepare
    const { client, sent } = recordingSns();
    const emit = makeEmitEvent(client, INVENTORY_TOPIC);
    const placed = orderPlaced('ord-5', 'corr-5');

    // Act
    const reserved = await emit(
      {
        eventType: 'inventory.reserved',
        version: 1,
        aggregateId: 'ord-5',
        data: exampleEventData['inventory.reserved'](),
      },
      { causedBy: placed },
    );

    // Assess
    expect(reserved.metadata).toMatchObject({
      correlationId: 'corr-5',
      causationId: placed.eventId,
    });
    expect(JSON.parse(sent[0]?.input.Message ?? '{}')).toEqual(reserved);
    expect(sent[0]?.input.MessageAttributes?.correlationId?.StringValue).toBe('corr-5');
  });
});
