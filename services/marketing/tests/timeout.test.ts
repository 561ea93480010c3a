// Timeout: a proxy holds onAudienceEvent's write of the audience contact, so the handler passes its
// timeout and its worker is stopped, as Lambda stops it. The record is retried and lands in the
// DLQ after 3 receives; no contact exists meanwhile. The three writes, released late as requests
// already on the wire would arrive, are each conditional on the contact not existing yet, so
// only the first lands and the order is counted once.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { holdingProxiesClient, waitFor, waitForMessage } from '@conveyor/service-testing';
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

const faults = () => holdingProxiesClient(inject('marketingFaultsUrl'));

const storedContact = async (customerId: string) =>
  (
    await testClients().documents.send(
      new GetCommand({ TableName: CONTACTS_TABLE, Key: { customerId }, ConsistentRead: true }),
    )
  ).Item;

// The output is the whole run's: count this consumer's stopped workers before and after.
const stoppedWorkers = async (): Promise<number> =>
  (await serviceOutput()).match(
    /\(λ: onAudienceEvent\) RequestId: \S+ +timed out after \d+ ms; its worker thread was stopped/g,
  )?.length ?? 0;

afterEach(async () => {
  await faults().releaseHeldRequests();
});

describe('onAudienceEvent past its timeout', () => {
  it('is stopped, retried and dead-lettered after 3 receives, and counts the order once', async () => {
    // Prepare
    const customerId = newCustomerId();
    const event = orderPlaced(customerId, { total: 3100, currency: 'EUR' });
    const dlqUrl = await queueUrl('marketing-audience-dlq');
    const stoppedBefore = await stoppedWorkers();
    await faults().holdRequests({
      upstream: 'dynamodb',
      contains: ['DynamoDB_20120810.PutItem', CONTACTS_TABLE, customerId],
      count: 3,
    });

    // Act
    await publish(event);
    const dead = await waitForMessage(
      testClients(),
      dlqUrl,
      (message) => message.Body?.includes(event.eventId) === true,
      { description: `order.placed ${event.eventId} in the DLQ`, visibilityTimeout: 0 },
    );
    const held = await faults().holdStatus();
    const contactBeforeRelease = await storedContact(customerId);
    await faults().releaseHeldRequests();
    await waitFor(async () => ((await faults().holdStatus()).answered >= 3 ? true : undefined), {
      description: 'the three held contact writes answered',
    });

    // Assess
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(held.held).toBe(3);
    expect((await stoppedWorkers()) - stoppedBefore).toBeGreaterThanOrEqual(3);
    expect(contactBeforeRelease).toBeUndefined();
    expect(await waitForContact(customerId)).toEqual({
      customerId,
      email: expect.any(String) as unknown,
      segment: 'new',
      orderCount: 1,
      firstOrderAt: event.occurredAt,
      lastOrderAt: event.occurredAt,
      lifetimeValue: [{ currency: 'EUR', amount: 3100 }],
    });
    // One write landed (version 1) and it holds this one order.
    const stored = await storedContact(customerId);
    expect(stored?.['version']).toBe(1);
    expect(stored?.['orders']).toEqual({
      [event.aggregateId]: expect.objectContaining({ eventId: event.eventId }) as unknown,
    });
  });
});
