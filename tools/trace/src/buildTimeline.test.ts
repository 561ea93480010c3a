import { topology } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { buildTimeline, publishedIdsOf, StepOutcomes } from './buildTimeline.ts';
import type { InvocationReport } from './logRecord.ts';
import { record, recordsOfLog } from './testing/memoryLogSource.ts';
import { shippedOrder, shippedOrderLog } from './testing/shippedOrderLog.ts';

const at = (time: string): Date => new Date(`2026-12-01T${time}Z`);

const report = (
  service: string,
  functionName: string,
  requestId: string,
  time: string,
  durationMs: number,
): InvocationReport => ({
  service,
  functionName,
  requestId,
  time: at(time),
  durationMs,
  timedOut: false,
});

const shippedRecords = recordsOfLog(shippedOrderLog).sort(
  (a, b) => a.time.getTime() - b.time.getTime(),
);

describe('buildTimeline', () => {
  it('counts a hop as 0 when the consumer logged before its producer named the event', () => {
    // Prepare: the producer names what it published only once its publish has returned.
    const named = shippedRecords.find(
      (each) => each.service === 'shipping' && typeof each.fields['shipmentEventId'] === 'string',
    );
    if (named === undefined) throw new Error('the fixture has no shipmentEventId line');
    const shipmentEventId = named.fields['shipmentEventId'];
    const earlier = new Date(named.time.getTime() - 23);
    const records = shippedRecords.map((each) =>
      each.service === 'checkout' && each.fields['eventId'] === shipmentEventId
        ? { ...each, time: earlier }
        : each,
    );

    // Act
    const steps = buildTimeline({ records, invocations: [], requests: [], topology });

    // Assess
    const step = steps.find(
      (each) => each.service === 'checkout' && each.eventType === 'shipment.created',
    );
    expect(step).toMatchObject({ hopMs: 0, hopFrom: { service: 'shipping' } });
  });

  it.each([
    ['in the same millisecond', 0],
    ['23 ms before the producer named the event', -23],
  ])('lists a consumer after its producer when it logged %s', (_case, offsetMs) => {
    // Prepare: the consumer's lines come first, as a merge of two services' logs can give them.
    const named = shippedRecords.find(
      (each) => each.service === 'shipping' && typeof each.fields['shipmentEventId'] === 'string',
    );
    if (named === undefined) throw new Error('the fixture has no shipmentEventId line');
    const shipmentEventId = named.fields['shipmentEventId'];
    const isConsumer = (each: (typeof shippedRecords)[number]) =>
      each.service === 'checkout' && each.fields['eventId'] === shipmentEventId;
    const moved = shippedRecords
      .filter(isConsumer)
      .map((each) => ({ ...each, time: new Date(named.time.getTime() + offsetMs) }));
    const records = [...moved, ...shippedRecords.filter((each) => !isConsumer(each))];

    // Act
    const steps = buildTimeline({ records, invocations: [], requests: [], topology });

    // Assess
    const producer = steps.findIndex((each) => each.records.some((line) => line === named));
    const consumer = steps.findIndex(
      (each) => each.service === 'checkout' && each.eventType === 'shipment.created',
    );
    expect(producer).toBeGreaterThanOrEqual(0);
    expect(consumer).toBe(producer + 1);
    expect(steps[consumer]).toMatchObject({ hopMs: 0, hopFrom: { service: 'shipping' } });
  });

  it('makes one step per consumer and event, with its function, outcome and the latency since the event was published', () => {
    // Prepare
    const requests = [
      {
        service: 'checkout',
        functionName: 'postCheckout',
        method: 'POST',
        path: '/checkout',
        time: at('23:26:53.551'),
      },
    ];

    // Act
    const steps = buildTimeline({ records: shippedRecords, invocations: [], requests, topology });

    // Assess
    expect(
      steps.map((step) => [
        step.service,
        step.functionName,
        step.route ?? step.eventType,
        step.outcome,
        step.hopMs,
        step.hopFrom?.service,
      ]),
    ).toEqual([
      ['checkout', 'postCheckout', 'POST /checkout', StepOutcomes.Answered, undefined, undefined],
      ['inventory', 'onOrderPlaced', 'order.placed', StepOutcomes.Handled, 1_900, 'checkout'],
      ['email', 'onNotificationEvent', 'order.placed', StepOutcomes.Handled, 2_284, 'checkout'],
      [
        'checkout',
        'onOrderProgress',
        'inventory.reserved',
        StepOutcomes.Handled,
        1_440,
        'inventory',
      ],
      ['marketing', 'onAudienceEvent', 'order.placed', StepOutcomes.Handled, 4_067, 'checkout'],
      [
        'shipping',
        'onInventoryReserved',
        'inventory.reserved',
        StepOutcomes.Handled,
        2_597,
        'inventory',
      ],
      ['checkout', 'onOrderProgress', 'shipment.created', StepOutcomes.Handled, 109, 'shipping'],
      ['email', 'onNotificationEvent', 'shipment.created', StepOutcomes.Handled, 166, 'shipping'],
      [
        'inventory',
        'onShipmentCreated',
        'shipment.created',
        StepOutcomes.Handled,
        2_223,
        'shipping',
      ],
    ]);
    expect(steps[1]).toMatchObject({
      eventId: shippedOrder.placedEventId,
      attempt: 1,
      messages: ['Order reserved'],
      published: [shippedOrder.reservedEventId],
    });
    expect(steps[0]?.published).toEqual([shippedOrder.placedEventId]);
  });

  it("takes an invocation's duration from the report its lines name, else from the function's next report", () => {
    // Prepare
    const invocations = [
      report('marketing', 'onAudienceEvent', 'id-0015', '23:26:58.899', 596.68),
      report('marketing', 'onAudienceEvent', 'id-other', '23:26:58.880', 12),
      report('inventory', 'onOrderPlaced', 'id-0012', '23:26:56.769', 461.79),
      report('inventory', 'onOrderPlaced', 'id-later', '23:26:57.500', 30),
    ];

    // Act
    const steps = buildTimeline({ records: shippedRecords, invocations, requests: [], topology });

    // Assess
    const marketing = steps.find((step) => step.service === 'marketing');
    const inventory = steps.find((step) => step.functionName === 'onOrderPlaced');
    expect(marketing?.invocation).toEqual({ durationMs: 596.68, timedOut: false, exact: true });
    expect(inventory?.invocation).toEqual({ durationMs: 461.79, timedOut: false, exact: false });
    expect(steps.find((step) => step.service === 'email')?.invocation).toBeUndefined();
  });

  it('makes a step of each delivery: failures retried, a failure for good, and the handled one', () => {
    // Prepare
    const keys = {
      correlationId: 'c-1',
      eventId: 'e-1',
      aggregateId: 'o-1',
      eventType: 'inventory.reserved',
    };
    const records = [
      record('shipping', {
        ...keys,
        timestamp: '2026-12-01T10:00:00.000Z',
        level: 'WARN',
        message: 'Event failed: it will be retried',
        receiveCount: 1,
        reason: 'AccessDenied',
      }),
      record('shipping', {
        ...keys,
        timestamp: '2026-12-01T10:01:00.000Z',
        level: 'INFO',
        message: 'Shipment ready',
        shipmentEventId: 'e-2',
      }),
      record('shipping', {
        ...keys,
        timestamp: '2026-12-01T10:01:00.100Z',
        level: 'INFO',
        message: 'Event handled',
        receiveCount: 2,
      }),
      record('checkout', {
        ...keys,
        timestamp: '2026-12-01T10:00:00.500Z',
        level: 'ERROR',
        message: 'Event failed permanently: it goes to the DLQ after the last receive',
        receiveCount: 1,
        error: { name: 'UnknownOrderError', message: 'Order o-1 does not exist' },
      }),
    ].sort((a, b) => a.time.getTime() - b.time.getTime());

    // Act
    const steps = buildTimeline({ records, invocations: [], requests: [], topology });

    // Assess
    expect(
      steps.map((step) => [
        step.service,
        step.functionName,
        step.outcome,
        step.attempt,
        step.reason,
      ]),
    ).toEqual([
      ['shipping', 'onInventoryReserved', StepOutcomes.Retrying, 1, 'AccessDenied'],
      [
        'checkout',
        'onOrderProgress',
        StepOutcomes.FailedPermanently,
        1,
        'UnknownOrderError: Order o-1 does not exist',
      ],
      ['shipping', 'onInventoryReserved', StepOutcomes.Handled, 2, undefined],
    ]);
    expect(steps[2]).toMatchObject({ messages: ['Shipment ready'], published: ['e-2'] });
  });

  it("shows the outcome a handler logs with its message, as a replay's already-sent", () => {
    // Prepare
    const keys = { correlationId: 'c-1', eventId: 'e-1', aggregateId: 'o-1' };
    const records = [
      record('email', {
        ...keys,
        eventType: 'order.placed',
        timestamp: '2026-12-01T10:00:00.000Z',
        level: 'INFO',
        message: 'Notification handled',
        outcome: 'already-sent',
        template: 'order-confirmation',
      }),
      record('email', {
        ...keys,
        eventType: 'order.placed',
        timestamp: '2026-12-01T10:00:00.010Z',
        level: 'INFO',
        message: 'Event handled',
        receiveCount: 1,
      }),
    ];

    // Act
    const steps = buildTimeline({ records, invocations: [], requests: [], topology });

    // Assess
    expect(steps.map((step) => [step.outcome, step.messages, step.loggedOutcome])).toEqual([
      [StepOutcomes.Handled, ['Notification handled (already-sent)'], 'already-sent'],
    ]);
  });

  it("adds inventory's replayed: true to an outcome logged beside it, as onShipmentCreated logs both", () => {
    // Prepare
    const records = [true, false].map((replayed, index) =>
      record('inventory', {
        correlationId: 'c-1',
        eventId: `e-${String(index)}`,
        aggregateId: 'o-1',
        eventType: 'shipment.created',
        timestamp: `2026-12-01T10:00:0${String(index)}.000Z`,
        level: 'INFO',
        message: 'Shipped stock taken off on-hand',
        outcome: 'SHIPPED',
        replayed,
      }),
    );

    // Act
    const steps = buildTimeline({ records, invocations: [], requests: [], topology });

    // Assess
    expect(steps.map((step) => step.loggedOutcome)).toEqual(['SHIPPED, replayed', 'SHIPPED']);
    expect(steps[0]?.messages).toEqual(['Shipped stock taken off on-hand (SHIPPED, replayed)']);
  });

  it("reads inventory's replayed: true as the outcome replayed, and replayed: false as none", () => {
    // Prepare
    const line = (eventId: string, replayed: boolean, offsetMs: number, message: string) =>
      record('inventory', {
        correlationId: 'c-1',
        eventId,
        aggregateId: 'o-1',
        eventType: 'order.placed',
        timestamp: new Date(Date.parse('2026-12-01T10:00:00.000Z') + offsetMs).toISOString(),
        level: 'INFO',
        message,
        ...(message === 'Event handled' ? { receiveCount: 1 } : { replayed }),
      });
    const records = [
      line('e-1', false, 0, 'Order reserved'),
      line('e-1', false, 5, 'Event handled'),
      line('e-1', true, 1_000, 'Order reserved'),
      line('e-1', true, 1_005, 'Event handled'),
    ];

    // Act
    const steps = buildTimeline({ records, invocations: [], requests: [], topology });

    // Assess
    expect(steps.map((step) => [step.messages, step.loggedOutcome])).toEqual([
      [['Order reserved'], undefined],
      [['Order reserved (replayed)'], 'replayed'],
    ]);
  });

  it("names an invalid record's consumer and problems, and leaves a record without an outcome unfinished", () => {
    // Prepare
    const records = [
      record('checkout', {
        timestamp: '2026-12-01T10:00:00.000Z',
        level: 'ERROR',
        message: 'Invalid event: permanent failure, it goes to the DLQ after the last receive',
        messageId: 'm-1',
        receiveCount: 3,
        issues: [{ path: '$.version', code: 'missing', message: 'required' }],
      }),
      record('email', {
        timestamp: '2026-12-01T10:00:01.000Z',
        level: 'INFO',
        message: 'Sending',
        correlationId: 'c-1',
        eventId: 'e-1',
        aggregateId: 'o-1',
        eventType: 'order.placed',
      }),
    ];

    // Act
    const steps = buildTimeline({ records, invocations: [], requests: [], topology });

    // Assess
    expect(steps[0]).toMatchObject({
      service: 'checkout',
      functionName: 'onOrderProgress',
      outcome: StepOutcomes.FailedPermanently,
      attempt: 3,
      reason: '$.version: required',
    });
    expect(steps[1]).toMatchObject({
      functionName: 'onNotificationEvent',
      outcome: StepOutcomes.Unfinished,
      messages: ['Sending'],
    });
  });
});

describe('publishedIdsOf', () => {
  it('reads …EventId fields, and the eventId of a line that handles no event', () => {
    // Act / Assess
    expect(
      publishedIdsOf(
        record('inventory', { eventType: 'order.placed', eventId: 'in', outcomeEventId: 'out' }),
      ),
    ).toEqual(['out']);
    expect(
      publishedIdsOf(record('checkout', { route: 'POST /checkout', eventId: 'placed' })),
    ).toEqual(['placed']);
    expect(publishedIdsOf(record('email', { eventType: 'order.placed', eventId: 'in' }))).toEqual(
      [],
    );
  });
});
