import { describe, expect, it } from 'vitest';
import { buildEvent } from './buildEvent.ts';
import { EventValidationError } from './errors.ts';
import { exampleEventData } from './exampleEventData.ts';

const fixedClock = () => new Date('2026-11-22T10:00:00.000Z');

describe('buildEvent', () => {
  it('fills in the envelope of a flow-starting event', () => {
    // Prepare
    const ids = ['8f4c2a1e-1b2c-4d3e-8f9a-0b1c2d3e4f5a'];

    // Act
    const event = buildEvent(
      {
        eventType: 'order.placed',
        version: 1,
        aggregateId: 'ord-1',
        data: exampleEventData['order.placed'](),
      },
      {
        correlationId: 'req-42',
        userId: 'cus-1001',
        now: fixedClock,
        newId: () => ids.shift() ?? 'unexpected',
      },
    );

    // Assess
    expect(event).toMatchObject({
      version: 1,
      eventId: '8f4c2a1e-1b2c-4d3e-8f9a-0b1c2d3e4f5a',
      eventType: 'order.placed',
      source: 'checkout',
      aggregateId: 'ord-1',
      occurredAt: '2026-11-22T10:00:00.000Z',
      metadata: { correlationId: 'req-42', userId: 'cus-1001' },
    });
    expect(event.metadata).not.toHaveProperty('causationId');
  });

  it('carries the correlation id over and sets the causation id to the handled event', () => {
    // Prepare
    const placed = buildEvent(
      {
        eventType: 'order.placed',
        version: 1,
        aggregateId: 'ord-1',
        data: exampleEventData['order.placed'](),
      },
      { correlationId: 'req-42', userId: 'cus-1001' },
    );

    // Act
    const reserved = buildEvent(
      {
        eventType: 'inventory.reserved',
        version: 1,
        aggregateId: 'ord-1',
        data: exampleEventData['inventory.reserved'](),
      },
      { causedBy: placed, correlationId: 'ignored' },
    );

    // Assess
    expect(reserved.metadata).toEqual({
      correlationId: 'req-42',
      causationId: placed.eventId,
      userId: 'cus-1001',
    });
    expect(reserved.eventId).not.toBe(placed.eventId);
    expect(reserved.source).toBe('inventory');
  });

  it('starts a new correlation id when there is none', () => {
    // Act
    const event = buildEvent({
      eventType: 'shipment.created',
      version: 1,
      aggregateId: 'ord-1',
      data: exampleEventData['shipment.created'](),
    });

    // Assess
    expect(event.metadata.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a payload that breaks the schema', () => {
    // Prepare
    const data = { ...exampleEventData['order.placed'](), total: -1 };

    // Act
    const act = () =>
      buildEvent({ eventType: 'order.placed', version: 1, aggregateId: 'ord-1', data });

    // Assess
    expect(act).toThrow(EventValidationError);
    expect(act).toThrow(/\$\.data\.total/);
  });
});
