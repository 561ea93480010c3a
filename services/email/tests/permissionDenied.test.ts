// Permission denied: with ses:SendEmail taken out of onNotificationEvent's role (as a fixture copy
// of the role without that statement would be), the local cloud refuses the mail as AWS would.
// The record is retried and lands in the DLQ after 3 receives, the log names the missing action
// and resource, no mail goes out, and nothing else is affected: once the role is back, mail flows.
import { randomUUID } from 'node:crypto';
import {
  boundedFetch,
  type RevokedPermission,
  revokePermission,
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
  waitForMails,
  waitForSent,
} from './support/emailTestContext.ts';

let revoked: RevokedPermission | undefined;

afterEach(async () => {
  await revoked?.restore();
  revoked = undefined;
});

describe('onNotificationEvent refused ses:SendEmail', () => {
  it('dead-letters the record after 3 receives, logs the missing action and resource, and affects nothing else', async () => {
    // Prepare
    const customer = newCustomer();
    const event = orderPlaced(randomUUID(), customer);
    const dlqUrl = await notificationsDlq();
    revoked = await revokePermission(inject('cloudEndpoints').sqs, {
      service: 'conveyor-email',
      functionKey: 'onNotificationEvent',
      action: 'ses:SendEmail',
    });

    // Act
    await publish(event);
    const denial = await revoked.waitForDenial();
    const dead = await waitForMessage(
      clients,
      dlqUrl,
      (message) => message.Body?.includes(event.eventId) === true,
      { description: `the refused order.placed ${event.eventId} in the DLQ`, visibilityTimeout: 0 },
    );
    const mailsWhileRefused = await mailsTo(customer.email);
    const recordWhileRefused = await getSentEmail(event.eventId);
    await revoked.restore();
    const nextCustomer = newCustomer();
    const next = orderPlaced(randomUUID(), nextCustomer);
    await publish(next);

    // Assess
    expect(denial).toMatchObject({
      action: 'ses:SendEmail',
      resource: expect.stringMatching(/^arn:aws:ses:[^:]+:\d+:identity\//) as unknown,
      decision: 'ImplicitlyDenied',
    });
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    const output = await (await boundedFetch(inject('emailOutputUrl'))).text();
    expect(output).toMatch(
      /is not authorized to perform `ses:SendEmail' on resource `arn:aws:ses:[^`']+:identity\/[^`']+'/,
    );
    expect(mailsWhileRefused).toEqual([]);
    // Each refused delivery released its claim: nothing is recorded for the event.
    expect(recordWhileRefused.status).toBe(404);
    await waitForMails(nextCustomer.email, 1);
    expect(await waitForSent(next.eventId)).toMatchObject({ eventId: next.eventId });
  });
});
