// Poison: a valid event of a type marketing-audience's subscriptions never let through (as a
// message sent to the queue by hand, or a filter policy edited in the console, would bring). No
// retry can handle it, so it reaches the DLQ in 3 quick receives, intact for an operator to
// inspect, and the consumer writes nothing for it.
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { waitFor, waitForMessage } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import {
  audienceLogsAbout,
  getContact,
  newCustomerId,
  queueUrl,
  testClients,
} from './support/marketingApi.ts';

const clients = testClients();

describe('an event type marketing-audience does not carry', () => {
  it('goes to the DLQ after 3 receives, failed permanently, and adds no contact', async () => {
    // Prepare
    const customerId = newCustomerId();
    const unsubscribed = buildEvent({
      eventType: 'customer.unsubscribed',
      version: 1,
      aggregateId: customerId,
      data: { ...exampleEventData['customer.unsubscribed'](), customerId },
    });
    const body = JSON.stringify(unsubscribed);

    // Act
    await clients.sqs.send(
      new SendMessageCommand({ QueueUrl: await queueUrl('marketing-audience'), MessageBody: body }),
    );
    const dead = await waitForMessage(
      clients,
      await queueUrl('marketing-audience-dlq'),
      (message) => message.Body === body,
      {
        description: `the customer.unsubscribed ${unsubscribed.eventId} in the DLQ`,
        visibilityTimeout: 0,
      },
    );
    const failures = await waitFor(
      async () => {
        const lines = (await audienceLogsAbout(unsubscribed.eventId)).filter((line) =>
          String(line['message']).startsWith('Event failed permanently'),
        );
        return lines.length >= 3 ? lines : undefined;
      },
      { description: `3 permanent failures of ${unsubscribed.eventId} logged` },
    );

    // Assess
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(3);
    expect(failures.map((line) => line['receiveCount'])).toEqual([1, 2, 3]);
    expect(failures[0]?.['error']).toMatchObject({
      name: 'UnhandledEventTypeError',
      message: 'No handler for customer.unsubscribed on this queue; check its filter policy',
    });
    const handled = (await audienceLogsAbout(unsubscribed.eventId)).filter(
      (line) => line['message'] === 'Event handled',
    );
    expect(handled).toEqual([]);
    expect((await getContact(customerId)).status).toBe(404);
  });
});
