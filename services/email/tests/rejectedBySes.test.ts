// Poison: a valid event whose mail SES refuses on every try. aws-ses-v2-local accepts any
// address, so the holding proxy in front of it answers the service's SendEmail as SES answers an
// unverified recipient in its sandbox: 400 MessageRejected, quoting the address. That refusal is
// permanent, so the record is made visible again at once and reaches the DLQ after its 3
// receives, in seconds rather than 3 visibility timeouts; nothing is mailed or recorded, the log
// masks the address, and the next event is mailed.
import { randomUUID } from 'node:crypto';
import { holdingProxiesClient, markServiceOutput, waitForMessage } from '@conveyor/service-testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  clients,
  getSentEmail,
  mailsTo,
  newCustomer,
  notificationsDlq,
  orderPlaced,
  publish,
  waitForMails,
  waitForSent,
} from './support/emailTestContext.ts';

const faults = () => holdingProxiesClient(inject('emailFaultsUrl'));

afterEach(async () => {
  await faults().releaseHeldRequests();
});

describe('a mail SES refuses', () => {
  it('dead-letters the event after 3 quick receives, mails nothing, and masks the address', async () => {
    // Prepare
    const customer = newCustomer();
    const event = orderPlaced(randomUUID(), customer);
    const dlqUrl = await notificationsDlq();
    const output = await markServiceOutput(inject('emailOutputUrl'));
    await faults().holdRequests({
      upstream: 'ses',
      contains: [customer.email],
      count: 3,
      answer: {
        status: 400,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected' },
        body: JSON.stringify({
          message: `Email address is not verified. The following identities failed the check in region EU-WEST-1: ${customer.email}`,
        }),
      },
    });

    // Act
    await publish(event);
    const dead = await waitForMessage(
      clients,
      dlqUrl,
      (message) => message.Body?.includes(event.eventId) === true,
      { description: `the refused order.placed ${event.eventId} in the DLQ`, visibilityTimeout: 0 },
    );
    const { refused } = await faults().releaseHeldRequests();
    const nextCustomer = newCustomer();
    const next = orderPlaced(randomUUID(), nextCustomer);
    await publish(next);
    await waitForSent(next.eventId);

    // Assess
    // One refused send per receive that ran (a receive can find the record's batch still
    // running, and hand it back untried), never a mail.
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(refused).toBeLessThanOrEqual(3);
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect((await getSentEmail(event.eventId)).status).toBe(404);
    expect(await mailsTo(customer.email)).toEqual([]);
    const logged = await output.since();
    const failures = logged
      .split('\n')
      .filter((line) => line.includes(event.eventId) && line.includes('"level":"ERROR"'));
    expect(failures.length).toBeGreaterThanOrEqual(1);
    for (const line of failures) {
      expect(line).toContain('Event failed permanently');
      expect(line).toContain('MessageRejected');
    }
    expect(logged).not.toContain(customer.email);
    expect(await waitForMails(nextCustomer.email, 1)).toHaveLength(1);
  });
});
