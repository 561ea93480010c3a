// The SENT write failing after SES took the mail: DynamoDB refuses it (an error answered by a
// proxy in its place, 500 InternalServerError) more times than the SDK's own retries cover, as
// while the local cloud restarts after a crash. onNotificationEvent tries the write again for a
// few seconds instead of failing the invocation with the mail out; a failed invocation would be
// redelivered and, once the claim's lease is over, mail the customer a second time.
import { randomUUID } from 'node:crypto';
import { holdingProxiesClient, waitFor } from '@conveyor/service-testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  mailsTo,
  newCustomer,
  orderPlaced,
  publish,
  serviceLogs,
  waitForHandled,
  waitForSent,
} from './support/emailTestContext.ts';

const faults = () => holdingProxiesClient(inject('emailFaultsUrl'));

afterEach(async () => {
  await faults().releaseHeldRequests();
});

describe('onNotificationEvent when the SENT write fails for a while', () => {
  it('writes it on a later try within the invocation and mails once', async () => {
    // Prepare: the SDK makes 3 attempts per write; 4 refusals outlast them.
    const customer = newCustomer();
    const event = orderPlaced(randomUUID(), customer);
    await faults().holdRequests({
      upstream: 'dynamodb',
      contains: ['DynamoDB_20120810.UpdateItem', event.eventId, ':messageId'],
      count: 4,
      answer: {
        status: 500,
        headers: { 'content-type': 'application/x-amz-json-1.0' },
        body: JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
          message: 'Internal server error',
        }),
      },
    });

    // Act
    await publish(event);
    const sent = await waitForSent(event.eventId);
    await waitForHandled(event.eventId);
    const handled = await waitFor(
      async () => {
        const lines = (await serviceLogs()).filter(
          (line) => line['eventId'] === event.eventId && line['message'] === 'Event handled',
        );
        return lines.length > 0 ? lines : undefined;
      },
      { description: `the delivery of ${event.eventId} handled` },
    );

    // Assess
    expect((await faults().holdStatus()).refused).toBe(4);
    expect(sent).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(handled.map((line) => line['receiveCount'])).toEqual([1]);
    const retried = (await serviceLogs()).filter(
      (line) =>
        line['eventId'] === event.eventId &&
        line['message'] === 'Could not record the mail as sent; trying again',
    );
    expect(retried.map((line) => line['retryInMs'])).toEqual([250]);
    expect(await mailsTo(customer.email)).toHaveLength(1);
  });
});
