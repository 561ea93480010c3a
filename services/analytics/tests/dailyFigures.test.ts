// The read model through the real local broker: events published on their producers' topics
// reach analytics-order-flow through its three subscriptions, and GET /analytics/daily answers
// the figures. Each test tells its orders on a day of its own.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { waitForMessage } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import {
  at,
  dayFigures,
  getDaily,
  newDay,
  ordersAre,
  publish,
  publishInOrder,
  QUEUE,
  queueUrl,
  recordedLinesOf,
  rejectedStory,
  serviceLogs,
  shippedStory,
  storedDay,
  testClients,
  waitForDay,
  waitForDeliveriesHandled,
} from './support/analyticsApi.ts';
import { eventsOf, type OrderStory } from './support/orderStories.ts';

const HOUR = 3_600_000;

/** One order placed, confirmed and shipped, its lead time written too (it comes last). */
const shippedWithLeadTime = (f: Record<string, unknown>): boolean =>
  ordersAre({ placed: 1, confirmed: 1, rejected: 0, shipped: 1 })(f) &&
  (f['leadTime'] as { orders: number }).orders === 1;

describe('GET /analytics/daily from the order flow', () => {
  it('counts orders placed, confirmed, rejected and shipped, revenue, SKUs and lead time', async () => {
    // Prepare
    const day = newDay();
    const shipped = shippedStory(day, at(day, '15:30:00'));
    const rejected = rejectedStory(day);
    const confirmedOnly: OrderStory = {
      ...shippedStory(day),
      lines: [{ sku: 'MUG-LOGO', quantity: 1, unitPrice: 1250 }],
      outcome: { kind: 'confirmed', at: at(day, '11:00:00') },
    };
    const events = [shipped, rejected, confirmedOnly].flatMap((story) => eventsOf(story));

    // Act
    await publishInOrder(events);

    // Assess
    // The lead time is written after the shipped fact: wait for both.
    const counted = ordersAre({ placed: 3, confirmed: 2, rejected: 1, shipped: 1 });
    const figures = await waitForDay(
      day,
      (f) => counted(f) && (f['leadTime'] as { orders: number }).orders === 1,
      '3 placed, 2 confirmed, 1 rejected, 1 shipped, with the lead time',
    );
    expect(figures).toEqual({
      date: day,
      orders: { placed: 3, confirmed: 2, rejected: 1, shipped: 1 },
      revenue: [{ currency: 'EUR', amount: 4499 + 1250 }],
      reservationFailureRate: 1 / 3,
      topSkus: [
        { sku: 'MUG-LOGO', units: 3, orders: 2 },
        { sku: 'TSHIRT-RED-M', units: 1, orders: 1 },
      ],
      leadTime: { orders: 1, p50Ms: 6.5 * HOUR, p95Ms: 6.5 * HOUR },
    });
  });

  it('counts every fact once under duplicate delivery', async () => {
    // Prepare
    const day = newDay();
    const story = shippedStory(day);
    const events = eventsOf(story);
    await publishInOrder(events);
    const once = await waitForDay(
      day,
      shippedWithLeadTime,
      'the order shipped, with its lead time',
    );

    // Act: the same events again, as SQS or a replay may deliver them.
    await publishInOrder(events, '-again');
    await publishInOrder(events, '-and-again');
    await waitForDeliveriesHandled();

    // Assess
    expect(await dayFigures(day)).toEqual(once);
    const lines = await recordedLinesOf(story.orderId);
    expect(lines.filter((line) => line['outcome'] === 'recorded')).toHaveLength(3);
    expect(lines.filter((line) => line['outcome'] === 'duplicate')).toHaveLength(6);
    expect(await storedDay(day)).toHaveLength(4);
  });

  it('gives the same figures when the events of an order arrive in reverse order', async () => {
    // Prepare
    const day = newDay();
    const inOrder = shippedStory(day);
    const reversed = { ...shippedStory(day), orderId: `${inOrder.orderId}-reversed` };
    const reversedDay = newDay();
    const reversedStory: OrderStory = {
      ...reversed,
      placedAt: at(reversedDay, '09:00:00'),
      outcome: {
        kind: 'confirmed',
        at: at(reversedDay, '09:00:01'),
        shippedAt: at(reversedDay, '15:30:00'),
      },
    };

    // Act
    await publishInOrder(eventsOf(inOrder));
    const reversedEvents = eventsOf(reversedStory).toReversed();
    for (const event of reversedEvents) {
      await publish(event);
      // Each one handled before the next is published: shipped, then confirmed, then placed.
      await waitForDeliveriesHandled();
    }

    // Assess
    const expected = await waitForDay(
      day,
      shippedWithLeadTime,
      'the order in flow order shipped, with its lead time',
    );
    const fromReversed = await waitForDay(
      reversedDay,
      shippedWithLeadTime,
      'the reversed order shipped, with its lead time',
    );
    expect({ ...fromReversed, date: day }).toEqual(expected);
    const lines = await recordedLinesOf(reversedStory.orderId);
    expect(lines.map((line) => [line['fact'], line['leadTimeMs']])).toEqual([
      ['shipped', undefined],
      ['confirmed', undefined],
      ['placed', 6.5 * HOUR],
    ]);
  });

  it('sends an invalid event to the DLQ after 3 receives, and other facts still count', async () => {
    // Prepare
    const day = newDay();
    const poison = JSON.stringify({ eventType: 'order.placed', version: 1, junk: randomUUID() });
    const story = rejectedStory(day);

    // Act
    const { MessageId: poisonId } = await testClients().sqs.send(
      new SendMessageCommand({ QueueUrl: await queueUrl(QUEUE), MessageBody: poison }),
    );
    await publishInOrder(eventsOf(story));

    // Assess
    await waitForDay(
      day,
      ordersAre({ placed: 1, confirmed: 0, rejected: 1, shipped: 0 }),
      'the order placed and rejected',
    );
    const dead = await waitForMessage(
      testClients(),
      await queueUrl(`${QUEUE}-dlq`),
      (message) => message.Body === poison,
      { description: 'the poison message in the DLQ', visibilityTimeout: 0 },
    );
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(3);
    const rejections = (await serviceLogs()).filter(
      (line) =>
        line['messageId'] === poisonId && String(line['message']).startsWith('Invalid event'),
    );
    expect(rejections.map((line) => line['receiveCount'])).toEqual([1, 2, 3]);
  });

  it('answers every day of the range, empty ones with zeros, and the range total', async () => {
    // Prepare
    const day = newDay();
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const story = shippedStory(day, at(next, '09:00:00'));
    await publishInOrder(eventsOf(story));
    const shippedNext = ordersAre({ placed: 0, confirmed: 0, rejected: 0, shipped: 1 });
    await waitForDay(
      next,
      (f) => shippedNext(f) && (f['leadTime'] as { orders: number }).orders === 1,
      'shipped, with the lead time',
    );
    await waitForDay(
      day,
      ordersAre({ placed: 1, confirmed: 1, rejected: 0, shipped: 0 }),
      'placed and confirmed',
    );

    // Act
    const response = await getDaily({ from: day, to: next });

    // Assess
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^application\/json\b/);
    expect(response.json).toMatchObject({
      from: day,
      to: next,
      days: [
        { date: day, orders: { placed: 1, confirmed: 1, rejected: 0, shipped: 0 } },
        { date: next, orders: { placed: 0, confirmed: 0, rejected: 0, shipped: 1 } },
      ],
      total: {
        orders: { placed: 1, confirmed: 1, rejected: 0, shipped: 1 },
        revenue: [{ currency: 'EUR', amount: 4499 }],
        reservationFailureRate: 0,
        leadTime: { orders: 1, p50Ms: 24 * HOUR, p95Ms: 24 * HOUR },
      },
    });
  });
});

describe('GET /analytics/daily refusals', () => {
  it.each([
    [{ to: '2026-03-01' }, 'from is required, a day as YYYY-MM-DD', 'from'],
    [
      { from: '2026-3-1', to: '2026-03-01' },
      'from must be a day as YYYY-MM-DD, not "2026-3-1"',
      'from',
    ],
    [
      { from: '2026-03-01', to: '2026-02-29' },
      'to "2026-02-29" is not a day of the calendar',
      'to',
    ],
    [{ from: '2026-03-02', to: '2026-03-01' }, 'from 2026-03-02 is after to 2026-03-01', undefined],
    [
      { from: '2026-01-01', to: '2026-12-31' },
      'from 2026-01-01 to 2026-12-31 covers 365 days; at most 92 per request',
      undefined,
    ],
  ])('answers 400 problem+json for %j', async (params, detail, parameter) => {
    // Prepare
    const query = params as Record<string, string>;

    // Act
    const response = await getDaily(query);

    // Assess
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect(response.json).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail,
      errors: [parameter === undefined ? { detail } : { parameter, detail }],
    });
  });

  it('names both parameters when both are wrong', async () => {
    // Prepare
    const query = { from: 'yesterday' };

    // Act
    const response = await getDaily(query);

    // Assess
    expect(response.status).toBe(400);
    expect(response.json['errors']).toEqual([
      { parameter: 'from', detail: 'from must be a day as YYYY-MM-DD, not "yesterday"' },
      { parameter: 'to', detail: 'to is required, a day as YYYY-MM-DD' },
    ]);
  });
});
