// Permission denied: with dynamodb:PutItem on the facts table taken out of onAnalyticsOrderFlow's
// role (as a fixture copy of the role without it would be), the local cloud refuses the fact
// write as AWS would. The record is retried and lands in the DLQ after 3 receives, the log names
// the missing action and resource, nothing is stored, and nothing else is affected: once the
// role is back, orders count again. Retry: refused once, then the role is back (as while a role
// change propagates), and the record's next receive counts the order once.
import {
  type RevokedPermission,
  revokePermission,
  waitFor,
  waitForMessage,
} from '@conveyor/service-testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  FACTS_TABLE,
  newDay,
  ordersAre,
  publishInOrder,
  QUEUE,
  queueUrl,
  rejectedStory,
  serviceLogs,
  serviceOutput,
  storedDay,
  testClients,
  waitForDay,
} from './support/analyticsApi.ts';
import { eventsOf } from './support/orderStories.ts';

let revoked: RevokedPermission | undefined;

// Takes dynamodb:PutItem on the facts table out of onAnalyticsOrderFlow's role.
const refuseFactWrites = () =>
  revokePermission(inject('cloudEndpoints').sqs, {
    service: 'conveyor-analytics',
    functionKey: 'onAnalyticsOrderFlow',
    action: 'dynamodb:PutItem',
    resourceContains: FACTS_TABLE,
  });

afterEach(async () => {
  await revoked?.restore();
  revoked = undefined;
});

describe('order.placed refused dynamodb:PutItem', () => {
  it('dead-letters the record after 3 receives, logs the missing action and resource, and affects nothing else', async () => {
    // Prepare
    const day = newDay();
    const [placed] = eventsOf(rejectedStory(day));
    const dlqUrl = await queueUrl(`${QUEUE}-dlq`);
    revoked = await refuseFactWrites();

    // Act
    await publishInOrder([placed!]);
    const denial = await revoked.waitForDenial();
    const dead = await waitForMessage(
      testClients(),
      dlqUrl,
      (message) => message.Body?.includes(placed!.eventId) === true,
      {
        description: `the refused order.placed ${placed!.eventId} in the DLQ`,
        visibilityTimeout: 0,
      },
    );
    const storedWhileRefused = await storedDay(day);
    await revoked.restore();
    const nextDay = newDay();
    await publishInOrder(eventsOf(rejectedStory(nextDay)));

    // Assess
    expect(denial).toMatchObject({
      action: 'dynamodb:PutItem',
      resource: expect.stringMatching(new RegExp(`:table/${FACTS_TABLE}$`)) as unknown,
      decision: 'ImplicitlyDenied',
    });
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(await serviceOutput()).toContain(
      `is not authorized to perform: dynamodb:PutItem on resource: ${denial.resource}`,
    );
    expect(storedWhileRefused).toEqual([]);
    await waitForDay(
      nextDay,
      ordersAre({ placed: 1, confirmed: 0, rejected: 1, shipped: 0 }),
      'orders count again once the role is back',
    );
  });
});

describe('order.placed refused once, then allowed', () => {
  it('is retried after its visibility timeout and counts the order once', async () => {
    // Prepare
    const day = newDay();
    const [placed] = eventsOf(rejectedStory(day));
    const linesOf = async (message: string) => {
      const lines = (await serviceLogs()).filter(
        (line) => line['eventId'] === placed!.eventId && line['message'] === message,
      );
      return lines.length > 0 ? lines : undefined;
    };
    revoked = await refuseFactWrites();

    // Act
    await publishInOrder([placed!]);
    await revoked.waitForDenial();
    const failed = await waitFor(() => linesOf('Event failed: it will be retried'), {
      description: `the refused attempt at ${placed!.eventId} logged`,
    });
    await revoked.restore();
    const handled = await waitFor(() => linesOf('Event handled'), {
      description: `the retry of ${placed!.eventId} handled`,
    });

    // Assess
    expect(failed.map((line) => line['receiveCount'])).toEqual([1]);
    expect(handled.map((line) => line['receiveCount'])).toEqual([2]);
    await waitForDay(
      day,
      ordersAre({ placed: 1, confirmed: 0, rejected: 0, shipped: 0 }),
      'the retried order counted once',
    );
  });
});
