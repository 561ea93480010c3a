// Timeout: a proxy holds onAnalyticsOrderFlow's write of a fact, so the handler passes its
// timeout and its worker is stopped, as Lambda stops it. The record is retried and lands in the
// DLQ after 3 receives; the fact is not stored meanwhile. The three writes, released late as
// requests already on the wire would arrive, are each conditional on the fact not being stored
// yet, so only the first lands and the order is counted once.
import { holdingProxiesClient, waitFor, waitForMessage } from '@conveyor/service-testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  dayFigures,
  FACTS_TABLE,
  newDay,
  publishInOrder,
  QUEUE,
  queueUrl,
  rejectedStory,
  serviceOutput,
  storedDay,
  testClients,
} from './support/analyticsApi.ts';
import { eventsOf } from './support/orderStories.ts';

const faults = () => holdingProxiesClient(inject('analyticsFaultsUrl'));

// The output is the whole run's: count this consumer's stopped workers before and after.
const stoppedWorkers = async (): Promise<number> =>
  (await serviceOutput()).match(
    /\(λ: onAnalyticsOrderFlow\) RequestId: \S+ +timed out after \d+ ms; its worker thread was stopped/g,
  )?.length ?? 0;

afterEach(async () => {
  await faults().releaseHeldRequests();
});

describe('onAnalyticsOrderFlow past its timeout', () => {
  it('is stopped, retried and dead-lettered after 3 receives, and counts the fact once', async () => {
    // Prepare
    const day = newDay();
    const story = rejectedStory(day);
    const [placed] = eventsOf(story);
    const dlqUrl = await queueUrl(`${QUEUE}-dlq`);
    const stoppedBefore = await stoppedWorkers();
    await faults().holdRequests({
      upstream: 'dynamodb',
      contains: ['DynamoDB_20120810.PutItem', FACTS_TABLE, story.orderId],
      count: 3,
    });

    // Act
    await publishInOrder([placed!]);
    const dead = await waitForMessage(
      testClients(),
      dlqUrl,
      (message) => message.Body?.includes(placed!.eventId) === true,
      { description: `order.placed ${placed!.eventId} in the DLQ`, visibilityTimeout: 0 },
    );
    const held = await faults().holdStatus();
    const storedBeforeRelease = await storedDay(day);
    await faults().releaseHeldRequests();
    await waitFor(async () => ((await faults().holdStatus()).answered >= 3 ? true : undefined), {
      description: 'the three held fact writes answered',
    });

    // Assess
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(held.held).toBe(3);
    expect((await stoppedWorkers()) - stoppedBefore).toBeGreaterThanOrEqual(3);
    expect(storedBeforeRelease).toEqual([]);
    expect(await storedDay(day)).toEqual([
      expect.objectContaining({ sk: `placed#${story.orderId}`, eventId: placed!.eventId }),
    ]);
    expect(await dayFigures(day)).toMatchObject({
      orders: { placed: 1, confirmed: 0, rejected: 0, shipped: 0 },
    });
  });
});
