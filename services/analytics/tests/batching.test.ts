// Proof that the standard queue with a batching window costs far fewer invocations than records.
// Each invocation logs its batch size and its request id (awsRequestId, fresh per invocation
// under serverless-offline as in Lambda), and every recorded fact is logged with the request id
// of the invocation that recorded it; the test reads the offline process's output and counts
// distinct request ids. No timing is asserted: the burst goes out in three PublishBatch calls,
// well inside the 2 s window even on a saturated machine, and a burst shorter than the window
// can only be split by a window that happened to open just before it, hence the loose bound.
import { waitFor } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import {
  newDay,
  ordersAre,
  publishPlacedBurst,
  rejectedStory,
  serviceLogs,
  waitForDay,
} from './support/analyticsApi.ts';
import { eventsOf } from './support/orderStories.ts';

const ORDERS = 30;

describe('batching on the standard queue', () => {
  it('records a burst of 30 orders in a handful of invocations', async () => {
    // Prepare
    const day = newDay();
    const placed = Array.from({ length: ORDERS }, () => eventsOf(rejectedStory(day))[0]!);
    const orderIds = new Set(placed.map((event) => event.aggregateId));

    // Act
    await publishPlacedBurst(placed);

    // Assess
    await waitForDay(
      day,
      ordersAre({ placed: ORDERS, confirmed: 0, rejected: 0, shipped: 0 }),
      `${String(ORDERS)} placed`,
    );
    // A fact is logged after its write: the figures can be ahead of the output.
    const recordedIn = (logs: Record<string, unknown>[]) =>
      logs.filter(
        (line) =>
          line['message'] === 'Order fact recorded' &&
          orderIds.has(line['orderId'] as string) &&
          line['outcome'] === 'recorded',
      );
    const logs = await waitFor(
      async () => {
        const lines = await serviceLogs();
        return recordedIn(lines).length >= ORDERS ? lines : undefined;
      },
      { description: `the ${String(ORDERS)} facts logged` },
    );
    const recorded = recordedIn(logs);
    expect(recorded).toHaveLength(ORDERS);
    const invocations = new Set(recorded.map((line) => line['invocationId'] as string));
    const batchSizes = logs
      .filter(
        (line) =>
          line['message'] === 'Order-flow batch received' &&
          invocations.has(line['invocationId'] as string),
      )
      .map((line) => line['batchSize'] as number);
    console.info(
      `${String(ORDERS)} facts recorded in ${String(invocations.size)} invocation(s), batch sizes ${batchSizes.join(', ')}`,
    );
    expect(invocations.size).toBeLessThanOrEqual(3);
    expect(batchSizes).toHaveLength(invocations.size);
    expect(Math.max(...batchSizes)).toBeGreaterThan(10);
  });
});
