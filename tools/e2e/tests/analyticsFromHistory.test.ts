// Analytics built from history: orders flow while analytics has no subscription; then it is
// subscribed with an empty table and the topics' archives are replayed to it alone. Its figures
// must equal those computed from the orders, a second replay must change nothing, and no other
// service may act twice.
import {
  GetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  queueSubscriptions,
  replayToQueue,
  waitFor,
  waitForDrained,
} from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import type { Figures, OrderView } from '../src/conveyorClient.ts';
import {
  clients,
  conveyor,
  dlqDepths,
  newCustomer,
  orderRequest,
  waitForStatus,
} from './support/flow.ts';

const QUEUE = 'conveyor-local-analytics-order-flow';
const TABLE = 'conveyor-local-analytics-facts';
// What a subscription is made of, kept across the unsubscribe so it comes back the same.
const KEPT_ATTRIBUTES = [
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
];

const utcDay = (date: Date): string => date.toISOString().slice(0, 10);

/** The nearest-rank percentile, as analytics states its lead times. */
const percentile = (sorted: readonly number[], p: number): number | undefined =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];

/** The figures analytics must show for these orders, computed from what checkout says of them. */
const expectedFigures = (orders: readonly { view: OrderView; lines: Line[] }[]): Figures => {
  const confirmed = orders.filter(({ view }) => view.status === 'SHIPPED');
  const rejected = orders.filter(({ view }) => view.status === 'REJECTED');
  const units = new Map<string, { units: number; orders: number }>();
  for (const { lines } of confirmed) {
    for (const { sku, quantity } of lines) {
      const sofar = units.get(sku) ?? { units: 0, orders: 0 };
      units.set(sku, { units: sofar.units + quantity, orders: sofar.orders + 1 });
    }
  }
  const leadTimes = confirmed
    .map(({ view }) => {
      const at = (status: string) =>
        Date.parse(view.timeline.find((entry) => entry.status === status)?.at ?? '');
      return at('SHIPPED') - at('PLACED');
    })
    .toSorted((a, b) => a - b);
  const p50Ms = percentile(leadTimes, 50);
  const p95Ms = percentile(leadTimes, 95);
  return {
    orders: {
      placed: orders.length,
      confirmed: confirmed.length,
      rejected: rejected.length,
      shipped: confirmed.length,
    },
    revenue: [
      {
        currency: 'GBP',
        amount: confirmed.reduce((sum, { view }) => sum + view.total.amount, 0),
      },
    ],
    reservationFailureRate: rejected.length / orders.length,
    topSkus: [...units]
      .map(([sku, figure]) => ({ sku, ...figure }))
      .toSorted((a, b) => b.units - a.units || b.orders - a.orders || a.sku.localeCompare(b.sku)),
    leadTime: {
      orders: leadTimes.length,
      ...(p50Ms === undefined ? {} : { p50Ms }),
      ...(p95Ms === undefined ? {} : { p95Ms }),
    },
  };
};

interface Line {
  readonly sku: string;
  readonly quantity: number;
}

const emptyTable = async (): Promise<void> => {
  const aws = clients();
  const { documents } = aws;
  for (;;) {
    const { Items = [] } = await documents.send(
      new ScanCommand({ TableName: TABLE, ProjectionExpression: 'pk, sk', Limit: 25 }),
    );
    if (Items.length === 0) {
      aws.destroy();
      return;
    }
    await documents.send(
      new BatchWriteCommand({
        RequestItems: {
          [TABLE]: Items.map((key) => ({
            DeleteRequest: { Key: { pk: key['pk'] as string, sk: key['sk'] as string } },
          })),
        },
      }),
    );
  }
};

/** Replays the archives to analytics' queue and waits until analytics consumed what came. */
const replayToAnalytics = async (from: Date): Promise<void> => {
  const aws = clients();
  try {
    await replayToQueue(aws, QUEUE, from);
    const { QueueUrl = '' } = await aws.sqs.send(new GetQueueUrlCommand({ QueueName: QUEUE }));
    await waitForDrained(aws, QueueUrl);
  } finally {
    aws.destroy();
  }
};

describe('analytics built from history', () => {
  it('gets the figures of orders placed before it subscribed, once, from a replay of the archives', async () => {
    // Prepare: analytics unsubscribed (it had no subscription when these orders were placed).
    const api = conveyor();
    const aws = clients();
    const subscriptions = await queueSubscriptions(aws, QUEUE);
    expect(subscriptions.map(({ topicArn }) => topicArn.replace(/.*:/, '')).toSorted()).toEqual([
      'conveyor-local-inventory-events.fifo',
      'conveyor-local-order-events.fifo',
      'conveyor-local-shipping-events.fifo',
    ]);
    const kept = await Promise.all(
      subscriptions.map(async ({ topicArn, subscriptionArn }) => {
        const { Attributes = {} } = await aws.sns.send(
          new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }),
        );
        const attributes = Object.fromEntries(
          KEPT_ATTRIBUTES.flatMap((name) =>
            Attributes[name] === undefined ? [] : [[name, Attributes[name]]],
          ),
        );
        return { topicArn, endpoint: Attributes['Endpoint'] ?? '', attributes };
      }),
    );
    for (const { subscriptionArn } of subscriptions) {
      await aws.sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn }));
    }
    const from = new Date(Date.now() - 1_000);
    const plenty = 'TSHIRT-BLUE-L';
    const scarce = 'SNEAKER-LTD-42';
    expect([200, 201]).toContain((await api.setStock(plenty, 100)).status);
    expect([200, 201]).toContain((await api.setStock(scarce, 1)).status);
    // Placed one after another: the scarce unit goes to the second order, the third is rejected.
    const orders: { lines: Line[]; ends: 'SHIPPED' | 'REJECTED' }[] = [
      { lines: [{ sku: plenty, quantity: 2 }], ends: 'SHIPPED' },
      {
        lines: [
          { sku: plenty, quantity: 1 },
          { sku: scarce, quantity: 1 },
        ],
        ends: 'SHIPPED',
      },
      { lines: [{ sku: scarce, quantity: 1 }], ends: 'REJECTED' },
      { lines: [{ sku: plenty, quantity: 3 }], ends: 'SHIPPED' },
    ];
    const history: { view: OrderView; lines: Line[]; email: string }[] = [];
    for (const { lines, ends } of orders) {
      const customer = newCustomer('history');
      const { status, body } = await api.placeOrder(orderRequest(customer, lines));
      expect(status).toBe(201);
      const view = await waitForStatus(body.orderId, ends);
      history.push({ view, lines, email: customer.email });
    }
    const expected = expectedFigures(history);
    const mailCounts = () =>
      Promise.all(history.map(async ({ email }) => (await api.mailsTo(email)).length));
    // Each order's mails sent (a confirmation and a shipped mail, or a rejection), before counting.
    const mailsBefore = await waitFor(
      async () => {
        const counts = await mailCounts();
        return counts.every((count, index) => count >= (orders[index]?.ends === 'SHIPPED' ? 2 : 1))
          ? counts
          : undefined;
      },
      { description: "every order's mails", intervalMs: 500 },
    );
    const stockBefore = [(await api.getStock(plenty)).body, (await api.getStock(scarce)).body];
    await emptyTable();

    // Act: subscribed again as before, then the archives replayed from before the first order.
    for (const { topicArn, endpoint, attributes } of kept) {
      await aws.sns.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: endpoint,
          Attributes: attributes,
        }),
      );
    }
    aws.destroy();
    const days = [utcDay(from), utcDay(new Date())] as const;
    const emptyBefore = (await api.dailyFigures(...days)).body.total;
    await replayToAnalytics(from);
    const afterReplay = await waitFor(
      async () => {
        const { body } = await api.dailyFigures(...days);
        return body.total.orders.shipped >= expected.orders.shipped &&
          body.total.leadTime.orders >= expected.leadTime.orders
          ? body.total
          : undefined;
      },
      { description: 'the replayed orders in the figures', intervalMs: 500 },
    );
    await replayToAnalytics(from);
    const afterSecondReplay = (await api.dailyFigures(...days)).body.total;

    // Assess
    expect(emptyBefore.orders).toEqual({ placed: 0, confirmed: 0, rejected: 0, shipped: 0 });
    expect(afterReplay).toEqual(expected);
    expect(afterSecondReplay).toEqual(expected);
    expect(await mailCounts()).toEqual(mailsBefore);
    expect([(await api.getStock(plenty)).body, (await api.getStock(scarce)).body]).toEqual(
      stockBefore,
    );
    for (const { view } of history) {
      expect((await api.getOrder(view.orderId)).body.timeline).toEqual(view.timeline);
    }
    const depths = await dlqDepths();
    expect(depths['analytics-order-flow-dlq']).toBe(0);
  });
});
