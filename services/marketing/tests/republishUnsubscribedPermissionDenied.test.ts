// The opt-out outbox when AWS refuses the republisher sns:Publish: the local cloud refuses it on
// audience-events.fifo, as AWS would a role without it. The opt-out stays pending and nothing
// reaches the topic; once the role is back, a run publishes the stored
// customer.unsubscribed, the topic delivers it once, the mark is cleared, and later runs publish nothing.
import { type RevokedPermission, revokePermission, waitFor } from '@conveyor/service-testing';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  clickUnsubscribe,
  runRepublisher,
  storedContact,
  tapAudienceEvents,
  unsubscribeToken,
} from './support/audienceApi.ts';
import { newCustomerId } from './support/marketingApi.ts';

let revoked: RevokedPermission[] = [];
let tap: Awaited<ReturnType<typeof tapAudienceEvents>>;

beforeAll(async () => {
  tap = await tapAudienceEvents();
});

afterAll(async () => {
  await tap.close();
});

afterEach(async () => {
  await Promise.all(revoked.map((each) => each.restore()));
  revoked = [];
});

/** Takes sns:Publish on the audience-events topic from one of marketing's functions. */
const refusePublish = async (functionKey: string): Promise<RevokedPermission> => {
  const permission = await revokePermission(inject('cloudEndpoints').sqs, {
    service: 'conveyor-marketing',
    functionKey,
    action: 'sns:Publish',
    resourceContains: 'audience-events',
  });
  revoked.push(permission);
  return permission;
};

/** How often the function was allowed to publish on `topic` so far, over the whole run. */
const publishesOf = async (permission: RevokedPermission, topic: string): Promise<number> =>
  (await permission.allowedCalls()).get(`sns:Publish ${topic}`) ?? 0;

/** Every customer.unsubscribed of the customer the tap has received so far. */
const eventsOf = async (customerId: string) =>
  (await tap.received()).filter((event) => event.aggregateId === customerId);

describe('republishUnsubscribed refused sns:Publish', () => {
  it('leaves the opt-out pending, then publishes it once when the role is back', async () => {
    // Prepare: the click's own publish is refused too, so the opt-out is left pending.
    const customerId = newCustomerId();
    await refusePublish('unsubscribe');
    const republisherRefused = await refusePublish('republishUnsubscribed');
    const page = await clickUnsubscribe(unsubscribeToken(customerId));
    const stored = await storedContact(customerId);
    const storedEvent = (stored?.['optOut'] as { event: { eventId: string } }).event;

    // Act
    const refusedRun = await runRepublisher();
    const denial = await republisherRefused.waitForDenial();
    const whileRefused = await storedContact(customerId);
    const eventsWhileRefused = await eventsOf(customerId);
    const publishesBefore = await publishesOf(republisherRefused, denial.resource);
    await republisherRefused.restore();
    const restoredRun = await runRepublisher();
    const events = await waitFor(
      async () => {
        const mine = await eventsOf(customerId);
        return mine.length > 0 ? mine : undefined;
      },
      { description: `customer.unsubscribed of ${customerId} on the audience-events topic` },
    );
    // A scheduled run may publish it too (deduplicated by the topic): wait until a run is done.
    await waitFor(
      async () =>
        (await storedContact(customerId))?.['publishState'] === undefined ? true : undefined,
      { description: `the unpublished mark of ${customerId} cleared` },
    );
    const publishesAfter = await publishesOf(republisherRefused, denial.resource);
    const laterRun = await runRepublisher();

    // Assess
    expect(page.status).toBe(200);
    expect(stored).toMatchObject({ customerId, publishState: 'PENDING' });
    expect(refusedRun.failed).toContain(customerId);
    expect(refusedRun.republished).not.toContain(customerId);
    expect(denial).toMatchObject({
      action: 'sns:Publish',
      resource: expect.stringMatching(/:conveyor-local-audience-events\.fifo$/) as unknown,
      decision: 'ImplicitlyDenied',
    });
    expect(whileRefused).toMatchObject({ customerId, publishState: 'PENDING' });
    expect(eventsWhileRefused).toEqual([]);
    expect(restoredRun.failed).not.toContain(customerId);
    expect(laterRun.republished).not.toContain(customerId);
    expect(laterRun.failed).not.toContain(customerId);
    expect(events.map((event) => [event.aggregateId, event.eventId])).toEqual([
      [customerId, storedEvent.eventId],
    ]);
    expect((await eventsOf(customerId)).map((event) => event.eventId)).toEqual([
      storedEvent.eventId,
    ]);
    expect(await storedContact(customerId)).not.toHaveProperty('publishState');
    expect(publishesAfter - publishesBefore).toBeGreaterThanOrEqual(1);
    // Counted where the topic's deduplication cannot hide a publish of the same event.
    expect(await publishesOf(republisherRefused, denial.resource)).toBe(publishesAfter);
  });
});
