import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { findDeadLetterQueue } from './deadLetterQueues.ts';
import { describeEnvelope, type PeekResult, peekResultForOutput } from './peekDeadLetterQueue.ts';

const event = buildEvent({
  eventType: 'order.placed',
  version: 1,
  aggregateId: 'ord-output-1',
  data: exampleEventData['order.placed'](),
});
const body = JSON.stringify({ ...event, data: { ...event.data, currency: 42 } });

const peeked = (): PeekResult => ({
  queue: findDeadLetterQueue('local', 'inventory-orders'),
  depth: 1,
  notAllReached: false,
  messages: [
    {
      messageId: 'm-1',
      receiveCount: 4,
      messageGroupId: event.aggregateId,
      messageAttributes: { eventType: event.eventType },
      envelope: describeEnvelope(body),
      body,
    },
  ],
});

describe('peekResultForOutput', () => {
  it('leaves bodies and the customer data in them out by default', () => {
    // Prepare
    const result = peeked();

    // Act
    const output = JSON.stringify(peekResultForOutput(result));

    // Assess
    expect(output).not.toContain(event.data.customer.email);
    expect(output).not.toContain(event.data.shippingAddress.line1);
    expect(output).not.toContain('"body"');
  });

  it('keeps what identifies the message and why it failed', () => {
    // Prepare
    const result = peeked();

    // Act
    const [message] = peekResultForOutput(result).messages;

    // Assess
    expect(message).toEqual({
      messageId: 'm-1',
      receiveCount: 4,
      messageGroupId: 'ord-output-1',
      messageAttributes: { eventType: 'order.placed' },
      envelope: {
        valid: false,
        eventType: 'order.placed',
        eventId: event.eventId,
        correlationId: event.metadata.correlationId,
        aggregateId: event.aggregateId,
        problems: [expect.objectContaining({ path: '$.data.currency' })],
      },
    });
  });

  it('keeps bodies when asked to, as --body does', () => {
    // Prepare
    const result = peeked();

    // Act
    const output = peekResultForOutput(result, { body: true });

    // Assess
    expect(output.messages[0]?.body).toBe(body);
  });
});
