// The welcome's own dependency, the welcomes table, refused and then given back. With
// dynamodb:UpdateItem on it taken out of onNotificationEvent's role (as a fixture copy of the role
// without it would be), the local cloud refuses the welcome claim as AWS would: the registration
// is retried, then dead-lettered after 3 receives, and nothing is mailed. Given back before the
// last receive, the retry welcomes once.
import {
  type RevokedPermission,
  revokePermission,
  waitForMessage,
} from '@conveyor/service-testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  clients,
  customerRegistered,
  getSentEmail,
  mailsTo,
  newCustomer,
  notificationsDlq,
  publish,
  waitForMails,
  waitForSent,
} from './support/emailTestContext.ts';

const WELCOMES_TABLE = 'conveyor-local-email-welcomes';

let revoked: RevokedPermission | undefined;

const revokeWelcomeClaim = async () =>
  revokePermission(inject('cloudEndpoints').sqs, {
    service: 'conveyor-email',
    functionKey: 'onNotificationEvent',
    action: 'dynamodb:UpdateItem',
    resourceContains: WELCOMES_TABLE,
  });

afterEach(async () => {
  await revoked?.restore();
  revoked = undefined;
});

describe('onNotificationEvent refused its welcomes table', () => {
  it('retries the registration and welcomes once when the permission comes back', async () => {
    // Prepare
    const customer = newCustomer();
    const event = customerRegistered(customer, true);
    revoked = await revokeWelcomeClaim();

    // Act
    await publish(event);
    const denial = await revoked.waitForDenial();
    const mailsWhileRefused = await mailsTo(customer.email);
    await revoked.restore();

    // Assess
    expect(denial).toMatchObject({ action: 'dynamodb:UpdateItem', decision: 'ImplicitlyDenied' });
    expect(denial.resource).toContain(WELCOMES_TABLE);
    expect(mailsWhileRefused).toEqual([]);
    expect(await waitForSent(event.eventId)).toMatchObject({ template: 'welcome', attempts: 1 });
    expect(await waitForMails(customer.email, 1)).toHaveLength(1);
  });

  it('dead-letters the registration after 3 receives while refused, mails nothing, and affects nothing else', async () => {
    // Prepare
    const customer = newCustomer();
    const event = customerRegistered(customer, true);
    const dlqUrl = await notificationsDlq();
    revoked = await revokeWelcomeClaim();

    // Act
    await publish(event);
    const dead = await waitForMessage(
      clients,
      dlqUrl,
      (message) => message.Body?.includes(event.eventId) === true,
      {
        description: `the refused customer.registered ${event.eventId} in the DLQ`,
        visibilityTimeout: 0,
      },
    );
    const mailsWhileRefused = await mailsTo(customer.email);
    const recordWhileRefused = await getSentEmail(event.eventId);
    await revoked.restore();
    const next = newCustomer();
    const nextEvent = customerRegistered(next, false);
    await publish(nextEvent);

    // Assess
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(mailsWhileRefused).toEqual([]);
    expect(recordWhileRefused.status).toBe(404);
    await waitForMails(next.email, 1);
    expect(await waitForSent(nextEvent.eventId)).toMatchObject({ template: 'welcome' });
  });
});
