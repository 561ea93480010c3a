import { topology } from '@conveyor/event-types';
import { findDeadLetterQueue } from '@conveyor/dlq';
import { describe, expect, it } from 'vitest';
import { buildTimeline, StepOutcomes, type TimelineStep } from './buildTimeline.ts';
import { type Diagnosis, diagnose, type Finding, Verdicts } from './diagnose.ts';
import { formatTrace } from './formatTrace.ts';
import type { HeldSubscriptionReading, QueueState } from './inspectQueues.ts';
import { recordsOfLog } from './testing/memoryLogSource.ts';
import { shippedOrderLog } from './testing/shippedOrderLog.ts';
import type { OrderTrace } from './traceOrder.ts';

/** The trace of order o-1, with no steps, diagnosed as given: what formatTrace makes of it. */
const orderTrace = (diagnosis: Diagnosis, queues?: QueueState): OrderTrace => ({
  id: 'o-1',
  orderIds: ['o-1'],
  correlationIds: [],
  source: 'the test',
  steps: [],
  diagnosis,
  ...(queues === undefined ? {} : { queues }),
});

/** The trace of an order whose one finding is a consumer that has not handled its event yet. */
const waitingTrace = (
  stage: string,
  waiting: Pick<
    Extract<Finding, { kind: 'waiting' }>,
    'consumer' | 'functionName' | 'eventType' | 'queue' | 'publishedAt'
  > &
    Partial<Pick<Extract<Finding, { kind: 'waiting' }>, 'started' | 'lastLineAt'>>,
  now?: Date,
): string =>
  formatTrace(
    orderTrace({
      verdict: Verdicts.InProgress,
      findings: [{ kind: 'waiting', eventId: 'e-1', started: false, ...waiting }],
      notExpected: [],
    }),
    stage,
    undefined,
    now,
  );

describe('formatTrace', () => {
  it('spans from the earliest line to the latest, whichever steps they are in', () => {
    // Prepare: the last step by causal order logged first of all.
    const records = recordsOfLog(shippedOrderLog).sort(
      (a, b) => a.time.getTime() - b.time.getTime(),
    );
    const steps = buildTimeline({ records, invocations: [], requests: [], topology });
    const [earliest] = records;
    const lastStep = steps.at(-1);
    const [lastFirst, ...lastRest] = lastStep?.records ?? [];
    if (earliest === undefined || lastStep === undefined || lastFirst === undefined) {
      throw new Error('the fixture has no steps');
    }
    const early = new Date(earliest.time.getTime() - 1_000);
    const reordered = [
      ...steps.slice(0, -1),
      { ...lastStep, time: early, records: [{ ...lastFirst, time: early }, ...lastRest] },
    ];
    const latest = Math.max(
      ...reordered.flatMap((step) => step.records.map((line) => line.time.getTime())),
    );

    // Act
    const text = formatTrace(
      {
        id: 'x',
        orderIds: ['x'],
        correlationIds: [],
        source: 'the test',
        steps: reordered,
        diagnosis: diagnose({ steps: reordered, topology, stage: 'local' }),
      },
      'local',
    );

    // Assess
    const clock = (time: Date) => time.toISOString().slice(11, 23);
    expect(text).toContain(`${clock(early)} to ${clock(new Date(latest))} UTC`);
  });

  it('says which DLQs it looked at only in part, and which it only counted', () => {
    // Prepare
    const traceWith = (
      notAllPeeked: { name: string; depth: number; peeked: number; countedOnly: boolean }[],
    ) =>
      formatTrace(
        orderTrace(
          { verdict: Verdicts.InProgress, findings: [], notExpected: [] },
          { where: 'the local cloud', queues: new Map(), deadLetters: [], notAllPeeked },
        ),
        'local',
      );

    // Act
    const all = traceWith([]);
    const mixed = traceWith([
      { name: 'a-dlq', depth: 150, peeked: 100, countedOnly: false },
      // All held by another reader while the trace looked: looked at in part, not counted only.
      { name: 'd-dlq', depth: 3, peeked: 0, countedOnly: false },
      { name: 'b-dlq', depth: 2, peeked: 0, countedOnly: true },
      { name: 'c-dlq', depth: 1, peeked: 0, countedOnly: true },
    ]);

    // Assess
    expect(all).toContain('  Queues and DLQs read from the local cloud.');
    expect(mixed).toContain(
      '  Queues and DLQs read from the local cloud; only part of a-dlq (150), d-dlq (3) was looked at; the messages of b-dlq (2), c-dlq (1) were counted, not looked at (`npm run dlq -- peek <queue>` shows them).',
    );
  });

  it('tells what to do with a DLQ message: no redrive for a body that is no event, --keep for one behind a poison', () => {
    // Prepare
    const queue = findDeadLetterQueue('local', 'shipping-requests');
    const trace = orderTrace({
      verdict: Verdicts.Stuck,
      findings: [
        {
          kind: 'dead-letter',
          consumer: 'shipping',
          deadLetter: {
            queue,
            messageId: 'm-held',
            receiveCount: 4,
            eventType: 'inventory.reserved',
            eventId: 'e-1',
          },
          behindPoison: 'm-poison',
        },
        {
          kind: 'dead-letter',
          consumer: 'shipping',
          deadLetter: {
            queue,
            messageId: 'm-poison',
            receiveCount: 4,
            problems: ['$.eventId: required'],
          },
        },
        {
          kind: 'failing',
          consumer: 'analytics',
          failures: 3,
          lastAttempt: 3,
          lastFailedAt: new Date('2026-12-01T10:00:00.000Z'),
          permanent: true,
          leftForDlq: true,
        },
      ],
      notExpected: [],
    });

    // Act
    const text = formatTrace(trace, 'local');

    // Assess
    expect(text).toContain(
      'It is behind a poison of its group (message m-poison), which a plain redrive sends back ahead of it. Fix the cause, then: npm run dlq -- redrive shipping-requests-dlq.fifo --keep m-poison',
    );
    expect(text).toContain(
      'A redrive cannot fix a body that is no event. Redrive the rest without it: npm run dlq -- redrive shipping-requests-dlq.fifo --keep m-poison;',
    );
    expect(text).toContain(
      'NOTE   analytics failed an invalid record: 3 failed deliveries, the last at 10:00:00.000 (delivery 3), failed for good on its last receive, so it went to the DLQ and holds nothing up;',
    );
    expect(text).not.toContain('STUCK  analytics');
  });

  it("heads a customer's trace as a customer's, and an order's as an order's", () => {
    // Prepare
    const time = new Date('2026-12-01T10:00:00.000Z');
    const step = (service: string, eventType?: string) => ({
      time,
      service,
      ...(eventType === undefined ? { route: 'POST /customers' } : { eventType }),
      outcome: StepOutcomes.Handled,
      messages: [],
      published: [],
      records: [],
    });
    const traceOf = (steps: TimelineStep[]) =>
      formatTrace(
        {
          id: 'cus-7',
          orderIds: ['cus-7'],
          correlationIds: ['corr-7'],
          source: 'the test',
          steps,
          diagnosis: diagnose({ steps, topology, stage: 'local' }),
        },
        'local',
      );

    // Act
    const customer = traceOf([step('checkout'), step('email', 'customer.registered')]);
    const optOut = traceOf([
      {
        ...step('marketing'),
        route: 'POST /audience/unsubscribe',
        records: [{ service: 'marketing', time, fields: { customerId: 'cus-7' } }],
      },
    ]);
    const order = traceOf([step('inventory', 'order.placed'), step('email', 'order.placed')]);

    // Assess
    expect(customer.split('\n')[0]).toBe('Customer cus-7  correlation corr-7');
    expect(optOut.split('\n')[0]).toBe('Customer cus-7  correlation corr-7');
    expect(order.split('\n')[0]).toBe('Order cus-7  correlation corr-7');
  });

  it('names a paused subscription as a cause when a consumer waits on an empty queue', () => {
    // Prepare
    const waiting = (visible: number, publishedAt?: Date) =>
      waitingTrace('dev', {
        consumer: 'checkout',
        functionName: 'onOrderProgress',
        eventType: 'inventory.reserved',
        queue: {
          name: 'conveyor-dev-checkout-order-status.fifo',
          exists: true,
          visible,
          inFlight: 0,
        },
        ...(publishedAt === undefined ? {} : { publishedAt }),
      });

    // Act
    const empty = waiting(0);
    const published = waiting(0, new Date('2026-12-01T10:00:03.250Z'));
    const queued = waiting(1);

    // Assess: without the subscriptions, the end of the replay that paused one is unknown.
    const cause =
      "Its queue is empty: the message is on its way, or the queue's subscription is paused after a replay with an end (--to, --no-resume); npm run replay -- checkout-order-status --from <that replay's end> --stage dev resumes it with what SNS held back since.";
    expect(empty).toContain(cause);
    expect(empty).not.toContain('latest start');
    expect(published).toContain(cause);
    expect(published).toContain(
      'inventory.reserved e-1 was published at 10:00:03.250: --from 2026-12-01T09:59:58Z is the latest start that still delivers it.',
    );
    expect(queued).not.toContain('Its queue is empty');
  });

  it('says which subscription is paused, or that none is, once they were read', () => {
    // Prepare
    const end = '2026-12-07T10:00:00.000Z';
    const waitingOn = (held: readonly HeldSubscriptionReading[]) =>
      waitingTrace('local', {
        consumer: 'email',
        functionName: 'onNotificationEvent',
        eventType: 'order.placed',
        queue: {
          name: 'conveyor-local-email-notifications.fifo',
          exists: true,
          visible: 0,
          inFlight: 0,
          held,
        },
      });

    // Act
    const none = waitingOn([]);
    const elsewhere = waitingOn([
      { topic: 'conveyor-local-shipping-events.fifo', endingPoint: end, status: 'Completed' },
    ]);
    const [paused, replaying, failed] = ['Completed', 'In progress', 'Failed'].map((status) =>
      waitingOn([{ topic: 'conveyor-local-order-events.fifo', endingPoint: end, status }]),
    );

    // Assess
    const onItsWay =
      'Its queue is empty, and no subscription of it that carries order.placed is paused: the message is on its way.';
    expect(none).toContain(onItsWay);
    // shipping-events does not carry order.placed: its pause holds nothing of this order back.
    expect(elsewhere).toContain(onItsWay);
    // From the end of the replay that paused it: SNS has held back everything published since.
    const resume = `npm run replay -- email-notifications --from ${end} resumes it.`;
    expect(paused).toContain(
      `Its subscription to conveyor-local-order-events.fifo is paused: a replay that ended at ${end} completed (--to, --no-resume), and SNS delivers it nothing new until it is resumed; ${resume}`,
    );
    expect(replaying).toContain(
      `Its subscription to conveyor-local-order-events.fifo replays up to ${end} (In progress), then stays paused, and SNS delivers it nothing new until it is resumed; ${resume}`,
    );
    expect(failed).toContain(
      `Its subscription to conveyor-local-order-events.fifo has a replay with an end (${end}) that failed, and SNS delivers it nothing new until a replay without an end is set; ${resume}`,
    );
    expect([paused, replaying, failed].join('\n')).not.toContain('on its way');
  });

  it('says a message published over a minute ago that no queue holds is not on its way, and how to deliver it again', () => {
    // Prepare
    const publishedAt = new Date('2026-12-07T10:00:03.250Z');
    const waitingAt = (now: Date) =>
      waitingTrace(
        'local',
        {
          consumer: 'shipping',
          functionName: 'onInventoryReserved',
          eventType: 'inventory.reserved',
          publishedAt,
          queue: {
            name: 'conveyor-local-shipping-requests.fifo',
            exists: true,
            visible: 0,
            inFlight: 0,
            held: [],
          },
        },
        now,
      );

    // Act
    const soon = waitingAt(new Date('2026-12-07T10:01:03.250Z'));
    const later = waitingAt(new Date('2026-12-07T10:01:03.251Z'));

    // Assess
    expect(soon).toContain('is paused: the message is on its way.');
    expect(later).not.toContain('on its way');
    expect(later).toContain(
      'Its queue is empty, and no subscription of it that carries inventory.reserved is paused, but inventory.reserved was published at 10:00:03.250, over a minute ago: it did not reach this queue. The queue was not subscribed then (SNS drops what no subscription takes: a consumer deployed after its producer, a local cloud restarted in memory), or SNS could not deliver it',
    );
    expect(later).toContain(
      'npm run replay -- shipping-requests --from 2026-12-07T09:59:58Z delivers it, with everything its topics took since.',
    );
  });

  it('says how long a consumer that began on an event has been silent, and what a long silence means', () => {
    // Prepare: shipping logged a line for the event 3 min 12 s before the trace, then nothing.
    const inFlight = {
      name: 'conveyor-local-shipping-requests.fifo',
      exists: true,
      visible: 0,
      inFlight: 1,
    } as const;

    // Act
    const text = waitingTrace(
      'local',
      {
        consumer: 'shipping',
        functionName: 'onInventoryReserved',
        eventType: 'inventory.reserved',
        started: true,
        lastLineAt: new Date('2026-12-07T10:00:03.250Z'),
        queue: inFlight,
      },
      new Date('2026-12-07T10:03:15.300Z'),
    );

    // Assess
    expect(text).toContain(
      'WAIT   shipping onInventoryReserved has not handled inventory.reserved e-1 yet (it logged lines for it, the last at 10:00:03.250, 3 min 12 s before this trace, but no outcome: still running, or timed out, crashed or stopped).',
    );
    expect(text).toContain('Still in flight long after that, or visible with no new line');
    expect(text).toContain('conveyor-local-shipping-requests.fifo: 0 visible, 1 in flight');
  });

  it('prints a customer who only placed orders as the list of them, the latest 20', () => {
    // Prepare: 22 orders, one a minute.
    const customerOrders = Array.from({ length: 22 }, (_, index) => ({
      orderId: `ord-${String(index + 1).padStart(2, '0')}`,
      placedAt: new Date(Date.UTC(2026, 11, 7, 9, index)),
    }));

    // Act
    const text = formatTrace(
      {
        id: 'cus-7',
        orderIds: [],
        correlationIds: [],
        source: 'the test',
        steps: [],
        diagnosis: { verdict: Verdicts.Done, findings: [], notExpected: [] },
        customerOrders,
      },
      'local',
    );

    // Assess
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Customer cus-7',
      'No registration or opt-out of this customer in the test.',
      '',
      'Orders placed by this customer: 22, the latest 20 below. Trace one by its id, with the same options: npm run trace -- <orderId>',
    ]);
    expect(lines.slice(4)).toHaveLength(20);
    expect(lines[4]).toBe('  2026-12-07 09:02:00.000 UTC  ord-03');
    expect(lines.at(-1)).toBe('  2026-12-07 09:21:00.000 UTC  ord-22');
    expect(text).not.toContain('Where it is');
  });

  it("heads a customer's trace Customer and ends it with the orders it placed", () => {
    // Prepare: a registration, handled by email.
    const steps = buildTimeline({
      records: recordsOfLog({
        checkout: [
          '{"level":"INFO","message":"Customer registered","timestamp":"2026-12-07T09:00:00.000Z","service":"checkout","customerId":"cus-7","aggregateId":"cus-7","correlationId":"corr-reg","eventId":"evt-reg","published":true}',
        ],
        email: [
          '{"level":"INFO","message":"Event handled","timestamp":"2026-12-07T09:00:01.000Z","service":"email","function_name":"conveyor-email-local-onNotificationEvent","aggregateId":"cus-7","correlationId":"corr-reg","eventType":"customer.registered","eventId":"evt-reg"}',
        ],
      }),
      invocations: [],
      requests: [],
      topology,
    });

    // Act
    const text = formatTrace(
      {
        id: 'cus-7',
        orderIds: ['cus-7'],
        correlationIds: ['corr-reg'],
        source: 'the test',
        steps,
        diagnosis: diagnose({ steps, topology, stage: 'local' }),
        customerOrders: [{ orderId: 'ord-1', placedAt: new Date('2026-12-07T09:05:00.000Z') }],
      },
      'local',
    );

    // Assess
    expect(text.split('\n')[0]).toBe('Customer cus-7  correlation corr-reg');
    expect(text.split('\n').slice(-2)).toEqual([
      'Orders placed by this customer: 1. Trace one by its id, with the same options: npm run trace -- <orderId>',
      '  2026-12-07 09:05:00.000 UTC  ord-1',
    ]);
  });

  it.each([
    [
      'queue',
      'conveyor-local-marketing-audience-dlq',
      'Where it is: STUCK at marketing onAudienceEvent (order.placed)',
      '(message m-1, 2 receives): marketing onAudienceEvent could not handle it.\n         reason: boom',
    ],
    [
      'subscriptions',
      'conveyor-local-marketing-audience-delivery-dlq.fifo',
      'Where it is: STUCK on its way to marketing onAudienceEvent (order.placed)',
      '(message m-1): SNS could not deliver it to conveyor-local-marketing-audience, so marketing onAudienceEvent never received it.\n         Fix the cause',
    ],
  ] as const)(
    'says who failed a message in a DLQ that %s send to',
    (source, dlqName, headline, why) => {
      // Prepare
      const deadLetter = {
        queue: {
          key: 'marketingAudience',
          consumer: 'marketing',
          fifo: source === 'subscriptions',
          sourceFifo: false,
          source,
          stage: 'local',
          name: dlqName,
          sourceName: 'conveyor-local-marketing-audience',
        },
        messageId: 'm-1',
        receiveCount: 2,
        eventType: 'order.placed',
        eventId: 'e-1',
      } as const;

      // Act
      const text = formatTrace(
        orderTrace({
          verdict: Verdicts.Stuck,
          findings: [
            {
              kind: 'dead-letter',
              consumer: 'marketing',
              functionName: 'onAudienceEvent',
              deadLetter,
              reason: 'boom',
            },
          ],
          notExpected: [],
        }),
        'local',
      );

      // Assess
      expect(text).toContain(headline);
      expect(text).toContain(`STUCK  ${dlqName} holds order.placed e-1 of this order ${why}`);
    },
  );
});
