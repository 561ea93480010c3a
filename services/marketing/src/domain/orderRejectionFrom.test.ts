import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { orderRejectionFrom } from './orderRejectionFrom.ts';

describe('orderRejectionFrom', () => {
  it('keeps which order of which customer was rejected and when, and nothing personal', () => {
    // Prepare
    const event = buildEvent(
      {
        eventType: 'inventory.reservation-failed',
        version: 1,
        aggregateId: 'ord-9',
        data: exampleEventData['inventory.reservation-failed'](),
      },
      { now: () => new Date('2026-03-01T12:30:00+02:00') },
    );

    // Act
    const rejection = orderRejectionFrom(event);

    // Assess
    expect(rejection).toEqual({
      customerId: 'cus-1001',
      orderId: 'ord-9',
      eventId: event.eventId,
      rejectedAt: '2026-03-01T10:30:00.000Z',
    });
  });
});
