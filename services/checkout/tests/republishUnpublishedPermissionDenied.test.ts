// The order outbox when AWS refuses the republisher sns:Publish: the local cloud refuses it on
// order-events.fifo, as AWS would a role without it. The order keeps its unpublished mark and
// nothing reaches the topic; once the role is back, a run publishes the stored
// order.placed, the topic delivers it once, the mark is cleared, and later runs publish nothing.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  invokeFunction,
  type RevokedPermission,
  tapTopic,
  type TopicTap,
  waitFor,
} from '@conveyor/service-testing';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { postCheckout, testContext, validRequest } from './support/checkoutApi.ts';
import { publishRefusals } from './support/publishRefusals.ts';

const { clients } = testContext();
const ORDERS_TABLE = 'conveyor-local-checkout-orders';
const TOPIC = 'order-events.fifo';
let orderEvents: TopicTap;
const refusals = publishRefusals('order-events');

interface RunOutcome {
  readonly orders: { readonly republished: string[]; readonly failed: string[] };
}

beforeAll(async () => {
  orderEvents = await tapTopic(clients, `conveyor-local-${TOPIC}`);
});

afterEach(async () => {
  await refusals.restoreAll();
});

afterAll(async () => {
  await orderEvents.close();
});

/** Runs the scheduled republisher now rather than on the next minute. */
const runRepublisher = async (): Promise<RunOutcome> =>
  (await invokeFunction(
    inject('checkoutLambdaPort'),
    'conveyor-checkout-local-republishUnpublished',
  )) as RunOutcome;

const storedOrder = async (orderId: string): Promise<Record<string, unknown> | undefined> =>
  (
    await clients.documents.send(
      new GetCommand({ TableName: ORDERS_TABLE, Key: { orderId }, ConsistentRead: true }),
    )
  ).Item;

/** How often the function was allowed to publish on `topic` so far, over the whole run. */
const publishesOf = async (permission: RevokedPermission, topic: string): Promise<number> =>
  (await permission.allowedCalls()).get(`sns:Publish ${topic}`) ?? 0;

const seen: { aggregateId: string; eventId: string }[] = [];
/** Every event of the order the tap has received so far (fauxqs delivers before it answers). */
const eventsOf = async (orderId: string): Promise<{ eventId: string }[]> => {
  seen.push(...((await orderEvents.drain()) as { aggregateId: string; eventId: string }[]));
  return seen.filter((event) => event.aggregateId === orderId);
};

describe('republishUnpublished refused sns:Publish', () => {
  it('leaves the order marked unpublished, then publishes it once when the role is back', async () => {
    // Prepare: checkout's own publish is refused too, so the order is left unpublished.
    await refusals.refuse('postCheckout');
    const republisherRefused = await refusals.refuse('republishUnpublished');
    const placed = await postCheckout(validRequest());
    const { orderId } = placed.json as { orderId: string };
    const stored = await storedOrder(orderId);
    const placedEvent = (stored as { placedEvent: { eventId: string } }).placedEvent;

    // Act
    const refusedRun = await runRepublisher();
    const denial = await republisherRefused.waitForDenial();
    const whileRefused = await storedOrder(orderId);
    const eventsWhileRefused = await eventsOf(orderId);
    const publishesBefore = await publishesOf(republisherRefused, denial.resource);
    await republisherRefused.restore();
    const restoredRun = await runRepublisher();
    const events = await waitFor(
      async () => {
        const mine = await eventsOf(orderId);
        return mine.length > 0 ? mine : undefined;
      },
      { description: `order.placed of ${orderId} on the order-events topic` },
    );
    // A scheduled run may publish it too (deduplicated by the topic): wait until a run is done.
    await waitFor(
      async () => ((await storedOrder(orderId))?.['publishState'] === undefined ? true : undefined),
      { description: `the unpublished mark of ${orderId} cleared` },
    );
    const publishesAfter = await publishesOf(republisherRefused, denial.resource);
    const laterRun = await runRepublisher();

    // Assess
    expect(placed.status).toBe(201);
    expect(stored).toMatchObject({ orderId, publishState: 'PENDING' });
    expect(refusedRun.orders.failed).toContain(orderId);
    expect(refusedRun.orders.republished).not.toContain(orderId);
    expect(denial).toMatchObject({
      action: 'sns:Publish',
      resource: expect.stringMatching(/:conveyor-local-order-events\.fifo$/) as unknown,
      decision: 'ImplicitlyDenied',
    });
    expect(whileRefused).toMatchObject({ orderId, publishState: 'PENDING' });
    expect(eventsWhileRefused).toEqual([]);
    expect(restoredRun.orders.failed).not.toContain(orderId);
    expect(laterRun.orders.republished).not.toContain(orderId);
    expect(laterRun.orders.failed).not.toContain(orderId);
    expect((await eventsOf(orderId)).map((event) => event.eventId)).toEqual([placedEvent.eventId]);
    expect(events.map((event) => event.eventId)).toEqual([placedEvent.eventId]);
    expect(await storedOrder(orderId)).not.toHaveProperty('publishState');
    expect(publishesAfter - publishesBefore).toBeGreaterThanOrEqual(1);
    // Counted where the topic's deduplication cannot hide a publish of the same event.
    expect(await publishesOf(republisherRefused, denial.resource)).toBe(publishesAfter);
  });
});
