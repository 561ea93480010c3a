// A click stopped between the write and the publish loses no event: a proxy holds the click's
// SNS Publish, so the function passes its timeout and its worker is stopped, as Lambda stops
// it, with the opt-out stored and its event not sent. The next click, or the republisher, sends
// the stored event; the held publish, released late as a request already on the wire would
// arrive, carries the same event id and SNS drops it: one event, one event id. (The scheduled
// republisher runs every minute locally too, so either may be the one that sends it.)
import { holdingProxiesClient, waitFor } from '@conveyor/service-testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  clickUnsubscribe,
  runRepublisher,
  storedContact,
  tapAudienceEvents,
  unsubscribeToken,
} from './support/audienceApi.ts';
import { newCustomerId, serviceLogs, serviceOutput } from './support/marketingApi.ts';

const faults = () => holdingProxiesClient(inject('marketingFaultsUrl'));

const stoppedUnsubscribes = async () =>
  (await serviceOutput()).match(
    /\(λ: unsubscribe\) RequestId: \S+ +timed out after \d+ ms; its worker thread was stopped/g,
  )?.length ?? 0;

/** Clicks while the click's publish is held, and returns the opt-out it stored unsent. */
const clickStoppedBeforePublish = async (customerId: string, token: string) => {
  const stoppedBefore = await stoppedUnsubscribes();
  await faults().holdRequests({
    upstream: 'fauxqs',
    contains: ['Action=Publish', customerId],
    count: 1,
  });
  const page = await clickUnsubscribe(token);
  const { held } = await faults().holdStatus();
  const stored = await storedContact(customerId);
  return { page, held, stored, stopped: (await stoppedUnsubscribes()) - stoppedBefore };
};

const releaseHeldPublish = async () => {
  await faults().releaseHeldRequests();
  await waitFor(async () => ((await faults().holdStatus()).answered >= 1 ? true : undefined), {
    description: 'the held publish answered',
  });
};

afterEach(async () => {
  await faults().releaseHeldRequests();
});

describe('an unsubscribe click stopped before its publish', () => {
  it('keeps the event with the opt-out, and the next click sends that event, once', async () => {
    // Prepare
    const customerId = newCustomerId();
    const token = unsubscribeToken(customerId);
    const tap = await tapAudienceEvents();

    // Act
    const stopped = await clickStoppedBeforePublish(customerId, token);
    const again = await clickUnsubscribe(token);
    await releaseHeldPublish();

    // Assess
    expect(stopped.page.status).toBe(504); // past its timeout, as API Gateway answers
    expect(stopped.stopped).toBeGreaterThanOrEqual(1);
    expect(stopped.held).toBe(1);
    expect(stopped.stored).toMatchObject({
      orderCount: 0,
      optOut: { event: { eventType: 'customer.unsubscribed', aggregateId: customerId } },
    });
    const storedEvent = (stopped.stored?.['optOut'] as { event: { eventId: string } }).event;
    expect(again.status).toBe(200);
    const events = await tap.received();
    expect(events.map((event) => event.eventId)).toEqual([storedEvent.eventId]);
    const after = await storedContact(customerId);
    expect(after?.['publishState']).toBeUndefined();
    expect(after?.['optOut']).toEqual(stopped.stored?.['optOut']);
    await tap.close();
  });

  it('is sent by the republisher when nobody clicks again, once', async () => {
    // Prepare
    const customerId = newCustomerId();
    const tap = await tapAudienceEvents();
    const stopped = await clickStoppedBeforePublish(customerId, unsubscribeToken(customerId));

    // Act
    const result = await runRepublisher();
    await releaseHeldPublish();

    // Assess
    expect(stopped.page.status).toBe(504); // past its timeout, as API Gateway answers
    expect(stopped.held).toBe(1);
    const storedEvent = (stopped.stored?.['optOut'] as { event: { eventId: string } }).event;
    expect(result.failed).not.toContain(customerId);
    // This run or a scheduled one (every minute, locally too) sent it; the log names who.
    const republished = (await serviceLogs()).filter(
      (line) =>
        line['message'] === 'Republished pending opt-outs' &&
        (line['customerIds'] as string[]).includes(customerId),
    );
    expect(republished.length).toBeGreaterThanOrEqual(1);
    expect((await tap.received()).map((event) => event.eventId)).toEqual([storedEvent.eventId]);
    expect((await storedContact(customerId))?.['publishState']).toBeUndefined();
    expect((await runRepublisher()).republished).not.toContain(customerId);
    await tap.close();
  });
});
