// Proof that the standard queue with a batching window costs far fewer invocations than records.
// Each invocation logs its batch size and its request id (awsRequestId, fresh per invocation
// under serverless-offline as in Lambda), and every counted order is logged with the request id
// of the invocation that counted it; the test reads the offline process's output and counts
// distinct request ids. No timing is asserted: the burst goes out in three PublishBatch calls,
// well inside the 2 s window even on a saturated machine, and a burst shorter than the window
// can only be split by a window that happened to open just before it, hence the loose bound.
import { describe, expect, it } from 'vitest';
import {
  newCustomerId,
  orderPlaced,
  publishBurst,
  serviceLogs,
  waitForContact,
} from './support/marketingApi.ts';

const DISTINCT_CUSTOMERS = 25;
const ORDERS_OF_ONE_CUSTOMER = 5;

describe('batching on the standard queue', () => {
  it('counts a burst of 30 orders in a handful of invocations', async () => {
    // Prepare: 25 customers with one order each, and one customer with 5 orders whose records
    // run in parallel in the same batch and take turns on the same contact.
    const loyal = newCustomerId();
    const singles = Array.from({ length: DISTINCT_CUSTOMERS }, () => newCustomerId());
    const events = [
      ...singles.map((customerId) => orderPlaced(customerId)),
      ...Array.from({ length: ORDERS_OF_ONE_CUSTOMER }, () => orderPlaced(loyal, { total: 100 })),
    ];
    const orderIds = new Set(events.map((event) => event.aggregateId));

    // Act
    await publishBurst(events);

    // Assess
    await waitForContact(loyal, (contact) => contact['orderCount'] === ORDERS_OF_ONE_CUSTOMER);
    for (const customerId of singles) await waitForContact(customerId);
    const logs = await serviceLogs();
    const counted = logs.filter(
      (line) =>
        line['message'] === 'Audience contact updated' &&
        orderIds.has(line['orderId'] as string) &&
        line['outcome'] === 'counted',
    );
    expect(counted).toHaveLength(events.length);
    const invocations = new Set(counted.map((line) => line['invocationId'] as string));
    const batchSizes = logs
      .filter(
        (line) =>
          line['message'] === 'Audience batch received' &&
          invocations.has(line['invocationId'] as string),
      )
      .map((line) => line['batchSize'] as number);
    const retriesOnConflict = counted.reduce((sum, line) => sum + Number(line['attempts']) - 1, 0);
    console.info(
      `${events.length} orders counted in ${invocations.size} invocation(s), batch sizes ${batchSizes.join(', ')}; ${retriesOnConflict} read-merge-write retries after a version conflict`,
    );
    expect(invocations.size).toBeLessThanOrEqual(3);
    expect(batchSizes).toHaveLength(invocations.size);
    expect(Math.max(...batchSizes)).toBeGreaterThan(10);
    expect(
      (await waitForContact(loyal)) as { segment: string; lifetimeValue: unknown },
    ).toMatchObject({ segment: 'loyal', lifetimeValue: [{ currency: 'EUR', amount: 500 }] });
  });
});
