// Permission denied: with dynamodb:PutItem on the contacts table taken out of onAudienceEvent's
// role (as a fixture copy of the role without it would be), the local cloud refuses the contact
// write as AWS would. The record is retried and lands in the DLQ after 3 receives, the log names
// the missing action and resource, no contact is stored, and nothing else is affected: once the
// role is back, customers join the audience again.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type RevokedPermission,
  revokePermission,
  waitForMessage,
} from '@conveyor/service-testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  newCustomerId,
  orderPlaced,
  publish,
  queueUrl,
  serviceOutput,
  testClients,
  waitForContact,
} from './support/marketingApi.ts';

const CONTACTS_TABLE = 'conveyor-local-marketing-contacts';

let revoked: RevokedPermission | undefined;

afterEach(async () => {
  await revoked?.restore();
  revoked = undefined;
});

describe('order.placed refused dynamodb:PutItem', () => {
  it('dead-letters the record after 3 receives, logs the missing action and resource, and affects nothing else', async () => {
    // Prepare
    const customerId = newCustomerId();
    const event = orderPlaced(customerId);
    const dlqUrl = await queueUrl('marketing-audience-dlq');
    revoked = await revokePermission(inject('cloudEndpoints').sqs, {
      service: 'conveyor-marketing',
      functionKey: 'onAudienceEvent',
      action: 'dynamodb:PutItem',
      resourceContains: CONTACTS_TABLE,
    });

    // Act
    await publish(event);
    const denial = await revoked.waitForDenial();
    const dead = await waitForMessage(
      testClients(),
      dlqUrl,
      (message) => message.Body?.includes(event.eventId) === true,
      { description: `the refused order.placed ${event.eventId} in the DLQ`, visibilityTimeout: 0 },
    );
    const { Item: contactWhileRefused } = await testClients().documents.send(
      new GetCommand({ TableName: CONTACTS_TABLE, Key: { customerId }, ConsistentRead: true }),
    );
    await revoked.restore();
    const nextCustomerId = newCustomerId();
    await publish(orderPlaced(nextCustomerId));

    // Assess
    expect(denial).toMatchObject({
      action: 'dynamodb:PutItem',
      resource: expect.stringMatching(/:table\/conveyor-local-marketing-contacts$/) as unknown,
      decision: 'ImplicitlyDenied',
    });
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(await serviceOutput()).toContain(
      `is not authorized to perform: dynamodb:PutItem on resource: ${denial.resource}`,
    );
    expect(contactWhileRefused).toBeUndefined();
    expect(await waitForContact(nextCustomerId)).toMatchObject({ customerId: nextCustomerId });
  });
});
