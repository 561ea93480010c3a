// The consumer's failure paths for the event types it took on with registration and rejected
// orders, through the real local cloud: a contact write held past the function's timeout (the
// worker is stopped as Lambda stops it), retried and dead-lettered, and a write the role does
// not allow. Each ends with the side effect done at most once and nothing else affected.
import {
  holdingProxiesClient,
  type RevokedPermission,
  revokePermission,
  waitFor,
  waitForMessage,
} from '@conveyor/service-testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  CONTACTS_TABLE,
  customerRegistered,
  publishEvent,
  reservationFailed,
  storedContact,
} from './support/audienceApi.ts';
import {
  audienceLogsAbout,
  newCustomerId,
  orderPlaced,
  publish,
  queueUrl,
  serviceOutput,
  testClients,
  waitForContact,
} from './support/marketingApi.ts';

const FUNCTION = 'onAudienceEvent';

const faults = () => holdingProxiesClient(inject('marketingFaultsUrl'));

const stoppedWorkers = async () =>
  (await serviceOutput()).match(
    new RegExp(
      `\\(λ: ${FUNCTION}\\) RequestId: \\S+ +timed out after \\d+ ms; its worker thread was stopped`,
      'g',
    ),
  )?.length ?? 0;

const holdContactWrites = async (customerId: string, count: number) =>
  faults().holdRequests({
    upstream: 'dynamodb',
    contains: ['DynamoDB_20120810.PutItem', CONTACTS_TABLE, customerId],
    count,
  });

let revoked: RevokedPermission | undefined;

afterEach(async () => {
  await faults().releaseHeldRequests();
  await revoked?.restore();
  revoked = undefined;
});

describe('customer.registered past the timeout', () => {
  it('is retried after a stopped attempt and subscribes the customer once', async () => {
    // Prepare
    const customerId = newCustomerId();
    const event = customerRegistered(customerId);
    const stoppedBefore = await stoppedWorkers();
    await holdContactWrites(customerId, 1);

    // Act
    await publishEvent(event);
    const contact = await waitForContact(customerId);
    await faults().releaseHeldRequests();
    await waitFor(async () => ((await faults().holdStatus()).answered >= 1 ? true : undefined), {
      description: 'the held subscription write answered',
    });

    // Assess
    expect((await stoppedWorkers()) - stoppedBefore).toBeGreaterThanOrEqual(1);
    expect(contact).toMatchObject({ segment: 'subscriber', orderCount: 0 });
    const handled = (await audienceLogsAbout(event.eventId)).filter(
      (line) => line['message'] === 'Event handled',
    );
    expect(handled.map((line) => line['receiveCount'])).toEqual([2]);
    // The late write of the stopped attempt was conditional on no contact: it did not land.
    const stored = await storedContact(customerId);
    expect(stored?.['version']).toBe(1);
    expect(stored?.['newsletter']).toMatchObject({ eventId: event.eventId });
  });

  it('is dead-lettered after 3 stopped attempts, and the late writes subscribe the customer once', async () => {
    // Prepare
    const customerId = newCustomerId();
    const event = customerRegistered(customerId);
    const dlqUrl = await queueUrl('marketing-audience-dlq');
    const stoppedBefore = await stoppedWorkers();
    await holdContactWrites(customerId, 3);

    // Act
    await publishEvent(event);
    const dead = await waitForMessage(
      testClients(),
      dlqUrl,
      (message) => message.Body?.includes(event.eventId) === true,
      { description: `customer.registered ${event.eventId} in the DLQ`, visibilityTimeout: 0 },
    );
    const held = await faults().holdStatus();
    const beforeRelease = await storedContact(customerId);
    await faults().releaseHeldRequests();
    await waitFor(async () => ((await faults().holdStatus()).answered >= 3 ? true : undefined), {
      description: 'the three held subscription writes answered',
    });

    // Assess
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(held.held).toBe(3);
    expect((await stoppedWorkers()) - stoppedBefore).toBeGreaterThanOrEqual(3);
    expect(beforeRelease).toBeUndefined();
    expect(await waitForContact(customerId)).toMatchObject({ segment: 'subscriber' });
    expect((await storedContact(customerId))?.['version']).toBe(1);
  });
});

describe('inventory.reservation-failed refused dynamodb:PutItem', () => {
  it('dead-letters the record after 3 receives, keeps the figures, and affects nothing else', async () => {
    // Prepare
    const customerId = newCustomerId();
    const order = orderPlaced(customerId, { total: 4100 });
    await publish(order);
    await waitForContact(customerId);
    const failure = reservationFailed(customerId, order.aggregateId);
    const dlqUrl = await queueUrl('marketing-audience-dlq');
    revoked = await revokePermission(inject('cloudEndpoints').sqs, {
      service: 'conveyor-marketing',
      functionKey: FUNCTION,
      action: 'dynamodb:PutItem',
      resourceContains: CONTACTS_TABLE,
    });

    // Act
    await publishEvent(failure);
    const denial = await revoked.waitForDenial();
    const dead = await waitForMessage(
      testClients(),
      dlqUrl,
      (message) => message.Body?.includes(failure.eventId) === true,
      { description: `the refused rejection ${failure.eventId} in the DLQ`, visibilityTimeout: 0 },
    );
    const whileRefused = await storedContact(customerId);
    await revoked.restore();
    const nextCustomerId = newCustomerId();
    await publishEvent(customerRegistered(nextCustomerId));

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
    expect(whileRefused).toMatchObject({ orderCount: 1, version: 1 });
    expect(whileRefused).not.toHaveProperty('rejectedOrders');
    expect(await waitForContact(nextCustomerId)).toMatchObject({ segment: 'subscriber' });
  });
});
