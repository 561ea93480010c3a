// Timeout: a proxy holds onNotificationEvent's claim on the sent-emails ledger (the conditional
// UpdateItem that sets SENDING), the call before SES. The handler passes its timeout and its
// worker is stopped, as Lambda stops it. The record is retried and lands in the DLQ after 3
// receives, and nothing is mailed meanwhile. The claims are released late, as requests already on
// the wire would arrive: they leave a SENDING record whose holders are gone. Redriven from the DLQ
// once that claim's lease is over, the event is mailed exactly once.
// Why this call: it is the one a timeout must not turn into a mail, nor into a lost one. Holding
// SES's SendEmail would deliver one mail per attempt on release (SES takes no idempotency token).
// Holding the SENT write right after the send hits the window sendNotification documents: the
// claim's lease runs out before the redelivery, and the retry mails again (at-least-once, on
// purpose, covered by its unit tests). A DynamoDB hold also needs no SES upstream in the proxies.
import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import {
  holdingProxiesClient,
  markServiceOutput,
  queueDepth,
  stoppedWorkers,
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
  notificationsQueue,
  orderPlaced,
  publish,
  serviceLogs,
  waitForDrained,
  waitForSent,
} from './support/emailTestContext.ts';

const faults = () => holdingProxiesClient(inject('emailFaultsUrl'));

/**
 * Moves the event's message from the DLQ back to its queue, as `npm run dlq -- redrive` does
 * locally: same message group, a deduplication id the queue has not seen, then deleted from the
 * DLQ. Only this message: the DLQ may hold other tests' events.
 */
const redrive = async (dlqUrl: string, eventId: string): Promise<void> => {
  const dead = await waitForMessage(
    clients,
    dlqUrl,
    (message) => message.Body?.includes(eventId) === true,
    { description: `event ${eventId} in the DLQ, to redrive`, visibilityTimeout: 30 },
  );
  await clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: await notificationsQueue(),
      MessageBody: dead.Body ?? '',
      MessageGroupId: dead.Attributes?.['MessageGroupId'],
      MessageDeduplicationId: `redrive-${dead.MessageId ?? eventId}`,
    }),
  );
  await clients.sqs.send(
    new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: dead.ReceiptHandle }),
  );
};

/** The service's log lines about the event with the given message. */
const logged = async (eventId: string, message: string) =>
  (await serviceLogs()).filter(
    (line) => line['eventId'] === eventId && line['message'] === message,
  );

afterEach(async () => {
  await faults().releaseHeldRequests();
});

describe('onNotificationEvent past its timeout', () => {
  it('is stopped, retried and dead-lettered after 3 receives, mails nothing, and mails once when redriven', async () => {
    // Prepare
    const customer = newCustomer();
    const event = orderPlaced(randomUUID(), customer);
    const dlqUrl = await notificationsDlq();
    const output = await markServiceOutput(inject('emailOutputUrl'));
    await faults().holdRequests({
      upstream: 'dynamodb',
      contains: ['DynamoDB_20120810.UpdateItem', event.eventId, 'SENDING'],
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
      description: 'the three held claims answered',
    });
    const mailsAfterRelease = await mailsTo(customer.email);
    // The redelivery must find the claim's lease over, or it is refused as in progress. Nothing
    // in the record changes when the lease runs out (it is a time), so this waits for that time.
    const abandoned = await waitFor(
      async () => {
        const { json } = await getSentEmail(event.eventId);
        return Date.parse(String(json['leaseUntil'])) < Date.now() ? json : undefined;
      },
      { description: `the lease of the abandoned claim of ${event.eventId} over` },
    );
    const dlqDepthWhileDead = await queueDepth(clients, dlqUrl);
    await redrive(dlqUrl, event.eventId);
    const sent = await waitForSent(event.eventId);
    await waitForDrained(await notificationsQueue());

    // Assess
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(held.held).toBe(3);
    expect(stoppedWorkers(await output.since(), 'onNotificationEvent')).toBeGreaterThanOrEqual(3);
    // Nothing reached SES while the claims were held, nor once they landed: their holders are gone.
    expect(mailsBeforeRelease).toEqual([]);
    expect(mailsAfterRelease).toEqual([]);
    expect(abandoned).toMatchObject({ eventId: event.eventId, status: 'SENDING' });
    expect(abandoned).not.toHaveProperty('messageId');
    expect(abandoned['attempts']).toBeOneOf([1, 2, 3]);
    // The redrive took the dead claim over and mailed once.
    const mails = await mailsTo(customer.email);
    expect(mails).toHaveLength(1);
    expect(sent).toMatchObject({
      status: 'SENT',
      attempts: Number(abandoned['attempts']) + 1,
      messageId: mails[0]?.messageId,
    });
    expect(await queueDepth(clients, dlqUrl)).toBe(dlqDepthWhileDead - 1);
    const outcomes = (await logged(event.eventId, 'Notification handled')).map(
      (line) => line['outcome'],
    );
    expect(outcomes).toEqual(['sent']);
    expect(
      await logged(
        event.eventId,
        'Took over the claim of an attempt that did not record its send (it stopped, or its write failed): a copy may be out',
      ),
    ).toHaveLength(1);
  });
});
