import type { DeadLetterQueue } from './dlqAccess.ts';
import { describe, expect, it } from 'vitest';
import { buildTimeline } from './buildTimeline.ts';
import { diagnose, Verdicts } from './diagnose.ts';
import type { OrderDeadLetter, QueueReading, QueueState } from './inspectQueues.ts';
import type { LogRecord } from './logRecord.ts';
import { record, recordsOfLog } from './testing/memoryLogSource.ts';
import { shippedOrder, shippedOrderLog, shippedOrderTopology } from './testing/shippedOrderLog.ts';

// The topology the log was recorded against: a consumer added since never saw this order.
const topology = shippedOrderTopology;

const stepsOf = (records: readonly LogRecord[]) =>
  buildTimeline({
    records: [...records].sort((a, b) => a.time.getTime() - b.time.getTime()),
    invocations: [],
    requests: [],
    topology,
  });

const local = (name: string): string => `conveyor-local-${name}`;

/** Every queue of the topology, empty, except those given. */
const queueState = (
  overrides: readonly QueueReading[] = [],
  deadLetters: readonly OrderDeadLetter[] = [],
): QueueState => {
  const queues = new Map<string, QueueReading>();
  for (const queue of Object.values(topology.queues)) {
    for (const name of [local(queue.name), local(queue.dlqName)]) {
      queues.set(name, { name, exists: true, visible: 0, inFlight: 0 });
    }
  }
  for (const reading of overrides) queues.set(reading.name, reading);
  return { where: 'the local cloud', queues, deadLetters, notAllPeeked: [] };
};

const absentAnalytics: QueueReading[] = [
  { name: local('analytics-order-flow'), exists: false },
  { name: local('analytics-order-flow-dlq'), exists: false },
];

const shipped = recordsOfLog(shippedOrderLog);
const keys = (eventType: string, eventId: string) => ({
  correlationId: shippedOrder.correlationId,
  aggregateId: shippedOrder.orderId,
  eventType,
  eventId,
});

const checkoutDlq: DeadLetterQueue = {
  key: 'checkoutOrderStatus',
  consumer: 'checkout',
  fifo: true,
  sourceFifo: true,
  source: 'queue',
  stage: 'local',
  name: local('checkout-order-status-dlq.fifo'),
  sourceName: local('checkout-order-status.fifo'),
};

describe('diagnose', () => {
  it('says done when every event reached every consumer it goes to, a missing queue not expected', () => {
    // Prepare
    const steps = stepsOf(shipped);

    // Act
    const diagnosis = diagnose({
      steps,
      topology,
      stage: 'local',
      queues: queueState(absentAnalytics),
    });

    // Assess
    expect(diagnosis.verdict).toBe(Verdicts.Done);
    expect(diagnosis.findings).toEqual([]);
    expect(diagnosis.notExpected).toEqual([
      { consumer: 'analytics', eventType: 'order.placed', why: 'no-queue' },
      { consumer: 'analytics', eventType: 'inventory.reserved', why: 'no-queue' },
      { consumer: 'analytics', eventType: 'shipment.created', why: 'no-queue' },
    ]);
  });

  it('expects nothing of a subscription that filters on the body, and waits for the others with their queue', () => {
    // Prepare: the order is reserved; marketing (consent filter) and shipping have said nothing.
    const steps = stepsOf(
      shipped.filter(
        (each) =>
          ['checkout', 'inventory', 'email'].includes(each.service) &&
          each.fields['eventType'] !== 'shipment.created',
      ),
    );
    const queues = queueState([
      ...absentAnalytics,
      { name: local('shipping-requests.fifo'), exists: true, visible: 1, inFlight: 0 },
    ]);

    // Act
    const diagnosis = diagnose({ steps, topology, stage: 'local', queues });

    // Assess
    expect(diagnosis.verdict).toBe(Verdicts.InProgress);
    expect(diagnosis.findings).toEqual([
      {
        kind: 'waiting',
        consumer: 'shipping',
        functionName: 'onInventoryReserved',
        eventType: 'inventory.reserved',
        eventId: shippedOrder.reservedEventId,
        started: false,
        // inventory's line naming it as its outcome
        publishedAt: new Date('2026-12-01T23:26:56.701Z'),
        queue: { name: local('shipping-requests.fifo'), exists: true, visible: 1, inFlight: 0 },
      },
    ]);
    expect(diagnosis.notExpected).toContainEqual({
      consumer: 'marketing',
      eventType: 'order.placed',
      why: 'body-filter',
    });
  });

  it('says when a consumer that logged lines for an event but no outcome last logged', () => {
    // Prepare: shipping began on the event and went silent (stopped, crashed or timed out).
    const began = record('shipping', {
      ...keys('inventory.reserved', shippedOrder.reservedEventId),
      timestamp: '2026-12-01T23:27:10.000Z',
      level: 'INFO',
      message: 'Rendering the label',
    });
    const steps = stepsOf([...shipped.filter((each) => each.service !== 'shipping'), began]);

    // Act
    const diagnosis = diagnose({
      steps,
      topology,
      stage: 'local',
      queues: queueState(absentAnalytics),
    });

    // Assess
    expect(diagnosis.verdict).toBe(Verdicts.InProgress);
    expect(diagnosis.findings).toContainEqual(
      expect.objectContaining({
        kind: 'waiting',
        consumer: 'shipping',
        started: true,
        lastLineAt: new Date('2026-12-01T23:27:10.000Z'),
      }),
    );
  });

  it('says stuck at a consumer that failed an event and has not handled it since, with its reason and queues', () => {
    // Prepare
    const failed = record('shipping', {
      ...keys('inventory.reserved', shippedOrder.reservedEventId),
      timestamp: '2026-12-01T23:27:30.000Z',
      level: 'WARN',
      message: 'Event failed: it will be retried',
      receiveCount: 2,
      reason: 'not authorized to perform: SNS:Publish',
    });
    const steps = stepsOf([...shipped.filter((each) => each.service !== 'shipping'), failed]);
    const inFlight: QueueReading = {
      name: local('shipping-requests.fifo'),
      exists: true,
      visible: 0,
      inFlight: 1,
    };

    // Act
    const diagnosis = diagnose({
      steps,
      topology,
      stage: 'local',
      queues: queueState([...absentAnalytics, inFlight]),
    });

    // Assess
    expect(diagnosis.verdict).toBe(Verdicts.Stuck);
    expect(diagnosis.findings).toContainEqual({
      kind: 'failing',
      consumer: 'shipping',
      functionName: 'onInventoryReserved',
      eventType: 'inventory.reserved',
      eventId: shippedOrder.reservedEventId,
      failures: 1,
      lastAttempt: 2,
      lastFailedAt: new Date('2026-12-01T23:27:30.000Z'),
      permanent: false,
      reason: 'not authorized to perform: SNS:Publish',
      queue: inFlight,
      dlq: { name: local('shipping-requests-dlq.fifo'), exists: true, visible: 0, inFlight: 0 },
    });
  });

  it("says stuck at a DLQ holding the order's message, with the failure line found by its message id", () => {
    // Prepare: an invalid inventory.reserved of the order, failed by checkout and dead-lettered.
    const invalid = record('checkout', {
      timestamp: '2026-12-01T23:28:00.000Z',
      level: 'ERROR',
      message: 'Invalid event: permanent failure, it goes to the DLQ after the last receive',
      messageId: 'm-poison',
      receiveCount: 3,
      issues: [{ path: '$.version', code: 'missing', message: 'required' }],
    });
    const deadLetter: OrderDeadLetter = {
      queue: checkoutDlq,
      messageId: 'm-poison',
      receiveCount: 4,
      eventType: 'inventory.reserved',
      problems: ['$.version: required'],
    };
    const steps = stepsOf([...shipped, invalid]);

    // Act
    const diagnosis = diagnose({
      steps,
      topology,
      stage: 'local',
      queues: queueState(absentAnalytics, [deadLetter]),
    });

    // Assess
    expect(diagnosis.verdict).toBe(Verdicts.Stuck);
    expect(diagnosis.findings).toEqual([
      {
        kind: 'dead-letter',
        consumer: 'checkout',
        functionName: 'onOrderProgress',
        deadLetter,
        reason: '$.version: required',
      },
    ]);
  });

  it('counts an invalid record once with all its deliveries, and it stops holding the order up once it went to the DLQ', () => {
    // Prepare: a poison of the order's group failed by shipping, a shipped order otherwise.
    const delivery = (receiveCount: number, second: number) =>
      record('shipping', {
        timestamp: `2026-12-01T23:28:0${String(second)}.000Z`,
        level: 'ERROR',
        message: 'Invalid event: permanent failure, it goes to the DLQ after the last receive',
        messageId: 'm-poison',
        messageGroupId: shippedOrder.orderId,
        aggregateId: shippedOrder.orderId,
        receiveCount,
        issues: [{ path: '$.eventId', code: 'missing', message: 'required' }],
      });
    const twice = stepsOf([...shipped, delivery(1, 1), delivery(2, 2)]);
    const thrice = stepsOf([...shipped, delivery(1, 1), delivery(2, 2), delivery(3, 3)]);
    const queues = queueState(absentAnalytics);

    // Act
    const retrying = diagnose({ steps: twice, topology, stage: 'local', queues });
    const left = diagnose({ steps: thrice, topology, stage: 'local', queues });

    // Assess
    expect(retrying.verdict).toBe(Verdicts.Stuck);
    expect(retrying.findings).toHaveLength(1);
    expect(retrying.findings[0]).toMatchObject({ kind: 'failing', failures: 2, lastAttempt: 2 });
    expect(left.verdict).toBe(Verdicts.Done);
    expect(left.findings).toEqual([
      {
        kind: 'failing',
        consumer: 'shipping',
        functionName: 'onInventoryReserved',
        failures: 3,
        lastAttempt: 3,
        lastFailedAt: new Date('2026-12-01T23:28:03.000Z'),
        permanent: true,
        reason: '$.eventId: required',
        leftForDlq: true,
        queue: { name: local('shipping-requests.fifo'), exists: true, visible: 0, inFlight: 0 },
        dlq: { name: local('shipping-requests-dlq.fifo'), exists: true, visible: 0, inFlight: 0 },
      },
    ]);
  });

  it('names the poison a valid event is behind in its FIFO group, in the same DLQ', () => {
    // Prepare
    const poison: OrderDeadLetter = {
      queue: checkoutDlq,
      messageId: 'm-poison',
      receiveCount: 4,
      messageGroupId: shippedOrder.orderId,
      problems: ['$.eventId: required'],
    };
    const held: OrderDeadLetter = {
      queue: checkoutDlq,
      messageId: 'm-held',
      receiveCount: 4,
      messageGroupId: shippedOrder.orderId,
      eventType: 'inventory.reserved',
      eventId: 'evt-held',
    };
    const steps = stepsOf(shipped);

    // Act
    const diagnosis = diagnose({
      steps,
      topology,
      stage: 'local',
      queues: queueState(absentAnalytics, [poison, held]),
    });

    // Assess
    const deadLetters = diagnosis.findings.filter((each) => each.kind === 'dead-letter');
    expect(deadLetters.map((each) => [each.deadLetter.messageId, each.behindPoison])).toEqual([
      ['m-held', 'm-poison'],
      ['m-poison', undefined],
    ]);
  });

  it('says in progress when an event was published and no consumer logged it yet', () => {
    // Prepare: only the request that placed the order.
    const steps = stepsOf(shipped.filter((each) => each.fields['message'] === 'Order placed'));

    // Act
    const diagnosis = diagnose({ steps, topology, stage: 'local' });

    // Assess
    expect(diagnosis.verdict).toBe(Verdicts.InProgress);
    expect(diagnosis.findings).toEqual([
      {
        kind: 'unreceived',
        service: 'checkout',
        eventId: shippedOrder.placedEventId,
        publishedAt: new Date('2026-12-01T23:26:54.801Z'),
        queues: [],
      },
    ]);
  });
});
