// Timeout: a proxy holds onNotificationEvent's last call, the idempotency record's COMPLETED
// write, which comes after SES has the mail and the ledger says SENT. The handler passes its
// timeout and its worker is stopped, as Lambda stops it. The record is retried and lands in the
// DLQ after 3 receives. The retries find the ledger SENT and send nothing, so the inbox holds
// one mail. The COMPLETED writes are released late, as requests already on the wire would arrive.
// Why this call and not another: holding SES's SendEmail would deliver one mail per attempt on
// release (SES takes no idempotency token). Holding the SENT write right after the send hits
// the window sendNotification documents: the claim's lease runs out before the redelivery, and
// the retry mails again (at-least-once, on purpose). A stall at the very end is the timeout that
// must not mail twice, and a DynamoDB hold gives it, so the proxies need no SES upstream.
import { createHash, randomUUID } from 'node:crypto';
import {
  boundedFetch,
  holdingProxiesClient,
  waitFor,
  waitForMessage,
} from '@conveyor/service-testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  clients,
  getSentEmail,
  mailsTo,
  newCustomer,
  notificationsDlq,
  orderPlaced,
  publish,
  serviceLogs,
} from './support/emailTestContext.ts';

const faults = () => holdingProxiesClient(inject('emailFaultsUrl'));

// Powertools' key for an event: the handler's key prefix, then the base64 MD5 of the JSON eventId.
const idempotencyKeyOf = (eventId: string): string =>
  `email.onNotificationEvent#${createHash('md5').update(JSON.stringify(eventId)).digest('base64')}`;

afterEach(async () => {
  await faults().releaseHeldRequests();
});

describe('onNotificationEvent past its timeout', () => {
  it('is stopped, retried and dead-lettered after 3 receives, and mails once', async () => {
    // Prepare
    const customer = newCustomer();
    const event = orderPlaced(randomUUID(), customer);
    const dlqUrl = await notificationsDlq();
    await faults().holdRequests({
      upstream: 'dynamodb',
      contains: ['DynamoDB_20120810.UpdateItem', idempotencyKeyOf(event.eventId), 'COMPLETED'],
      count: 3,
    });

    // Act
    await publish(event);
    const dead = await waitForMessage(
      clients,
      dlqUrl,
      (message) => message.Body?.includes(event.eventId) === true,
      { description: `order.placed ${event.eventId} in the DLQ`, visibilityTimeout: 0 },
    );
    const held = await faults().holdStatus();
    const mailsBeforeRelease = await mailsTo(customer.email);
    await faults().releaseHeldRequests();
    await waitFor(async () => ((await faults().holdStatus()).answered >= 3 ? true : undefined), {
      description: 'the three held COMPLETED writes answered',
    });

    // Assess
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(held.held).toBe(3);
    const output = await (await boundedFetch(inject('emailOutputUrl'))).text();
    const stopped = output.match(
      /\(λ: onNotificationEvent\) RequestId: \S+ +timed out after \d+ ms; its worker thread was stopped/g,
    );
    expect(stopped?.length).toBeGreaterThanOrEqual(3);
    const mails = await mailsTo(customer.email);
    expect(mails).toHaveLength(1);
    expect(mailsBeforeRelease).toEqual(mails);
    expect((await getSentEmail(event.eventId)).json).toMatchObject({
      status: 'SENT',
      attempts: 1,
      messageId: mails[0]?.messageId,
    });
    const outcomes = (await serviceLogs())
      .filter((line) => line['message'] === 'Notification handled')
      .filter((line) => line['eventId'] === event.eventId)
      .map((line) => line['outcome']);
    expect(outcomes.toSorted()).toEqual(['already-sent', 'already-sent', 'sent']);
  });
});
