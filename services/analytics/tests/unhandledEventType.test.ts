// Poison: a valid event of a type analytics-order-flow's subscriptions never let through (as a
// message sent to the queue by hand, or a filter policy edited in the console, would bring). No
// retry can handle it, so it reaches the DLQ in 3 quick receives, intact for an operator to
// inspect, and the consumer records no fact for it.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { waitFor, waitForMessage } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import { QUEUE, queueUrl, serviceLogs, testClients } from './support/analyticsApi.ts';

describe('an event type analytics-order-flow does not carry', () => {
  it('goes to the DLQ after 3 receives, failed permanently, and records nothing', async () => {
    // Prepare
    const customerId = `cus-${randomUUID().slice(0, 8)}`;
    const registered = buildEvent({
      eventType: 'customer.registered',
      version: 1,
      aggregateId: customerId,
      data: {
        ...exampleEventData['customer.registered'](),
        customer: { ...exampleEventData['customer.registered']().customer, customerId },
      },
    });
    const body = JSON.stringify(registered);
    const linesAbout = async () =>
      (await serviceLogs()).filter((line) => line['eventId'] === registered.eventId);

    // Act
    await testClients().sqs.send(
      new SendMessageCommand({ QueueUrl: await queueUrl(QUEUE), MessageBody: body }),
    );
    const dead = await waitForMessage(
      testClients(),
      await queueUrl(`${QUEUE}-dlq`),
      (message) => message.Body === body,
      {
        description: `the customer.registered ${registered.eventId} in the DLQ`,
        visibilityTimeout: 0,
      },
    );
    const failures = await waitFor(
      async () => {
        const lines = (await linesAbout()).filter((line) =>
          String(line['message']).startsWith('Event failed permanently'),
        );
        return lines.length >= 3 ? lines : undefined;
      },
      { description: `3 permanent failures of ${registered.eventId} logged` },
    );

    // Assess
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(3);
    expect(failures.map((line) => line['receiveCount'])).toEqual([1, 2, 3]);
    expect(failures[0]?.['error']).toMatchObject({
      name: 'UnhandledEventTypeError',
      message: 'No handler for customer.registered on this queue; check its filter policy',
    });
    const otherwise = (await linesAbout()).filter(
      (line) => !String(line['message']).startsWith('Event failed permanently'),
    );
    expect(otherwise.map((line) => line['message'])).not.toContain('Event handled');
    expect(otherwise.map((line) => line['message'])).not.toContain('Order fact recorded');
  });
});
