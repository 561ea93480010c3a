// Replays of marketing-audience from its three topics' archives, through the real local cloud: a
// registration, two orders and the rejection of one, all already applied to a contact, come
// again (as `npm run replay` sends them, in whatever order the standard queue hands them out)
// and count nothing twice: the contact, its figures and its stored version stay as they were,
// nothing goes to the DLQ. No eventId is remembered anywhere: the contact's facts alone do it,
// however old the replayed events are, and also after later events changed the contact.
import type { ConveyorEvent } from '@conveyor/event-types';
import {
  archiveTopicsOfQueue,
  queueDepth,
  replayToQueue,
  timesHandled,
  waitForDrained,
  waitForTimesHandled,
} from '@conveyor/service-testing';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  customerRegistered,
  publishEvent,
  reservationFailed,
  storedContact,
} from './support/audienceApi.ts';
import {
  getContact,
  newCustomerId,
  orderPlaced,
  queueUrl,
  testClients,
} from './support/marketingApi.ts';

const clients = testClients();
const AUDIENCE_QUEUE = 'conveyor-local-marketing-audience';

beforeAll(async () => {
  // This test cloud creates checkout's and inventory's topics bare; their own stacks archive them.
  await archiveTopicsOfQueue(clients, AUDIENCE_QUEUE);
});

/** A subscriber with two orders, one of them rejected: one order counted. */
const audienceEvents = () => {
  const customerId = newCustomerId();
  const kept = orderPlaced(customerId, { total: 1200 });
  const rejected = orderPlaced(customerId, { total: 3400 });
  const events: ConveyorEvent[] = [
    customerRegistered(customerId),
    kept,
    rejected,
    reservationFailed(customerId, rejected.aggregateId),
  ];
  return { customerId, events, eventIds: events.map((event) => event.eventId) };
};

/** The contact as the API answers it and as the table stores it (its write counter included). */
const contactState = async (customerId: string) => ({
  api: (await getContact(customerId)).json,
  stored: await storedContact(customerId),
});

/**
 * Publishes `events`, then waits until marketing has handled each once and its queue is empty.
 */
const applied = async (events: readonly ConveyorEvent[]) => {
  for (const event of events) await publishEvent(event);
  await waitForTimesHandled(
    inject('marketingOutputUrl'),
    Object.fromEntries(events.map((event) => [event.eventId, 1])),
  );
  await waitForDrained(clients, await queueUrl('marketing-audience'));
};

/** Replays the queue from `from` and waits until marketing has handled the replayed copies. */
const replayAndWaitForHandled = async (from: Date, eventIds: readonly string[]) => {
  const outputUrl = inject('marketingOutputUrl');
  const before = await timesHandled(outputUrl, eventIds);
  await replayToQueue(clients, AUDIENCE_QUEUE, from);
  await waitForTimesHandled(
    outputUrl,
    Object.fromEntries(eventIds.map((id) => [id, (before[id] ?? 0) + 1])),
  );
  await waitForDrained(clients, await queueUrl('marketing-audience'));
  return { before, after: await timesHandled(outputUrl, eventIds) };
};

const plusOne = (counts: Readonly<Record<string, number>>) =>
  Object.fromEntries(Object.entries(counts).map(([id, times]) => [id, times + 1]));

describe('a replay of marketing-audience', () => {
  it('counts nothing twice and writes nothing: the contact keeps its facts', async () => {
    // Prepare
    const from = new Date();
    const { customerId, events, eventIds } = audienceEvents();
    const dlqDepth = await queueDepth(clients, await queueUrl('marketing-audience-dlq'));

    // Act
    await applied(events);
    const contact = await contactState(customerId);
    const handled = await replayAndWaitForHandled(from, eventIds);

    // Assess
    expect(handled.after).toEqual(plusOne(handled.before));
    expect(contact.api).toMatchObject({
      orderCount: 1,
      lifetimeValue: [{ currency: 'EUR', amount: 1200 }],
    });
    expect(await contactState(customerId)).toEqual(contact);
    expect(await queueDepth(clients, await queueUrl('marketing-audience-dlq'))).toBe(dlqDepth);
  });

  it('counts nothing twice and undoes nothing after later events changed the contact', async () => {
    // Prepare
    const from = new Date();
    const { customerId, events, eventIds } = audienceEvents();
    const later = orderPlaced(customerId, { total: 500 });
    const dlqDepth = await queueDepth(clients, await queueUrl('marketing-audience-dlq'));

    // Act
    await applied(events);
    await applied([later]);
    const contact = await contactState(customerId);
    const handled = await replayAndWaitForHandled(from, [...eventIds, later.eventId]);

    // Assess
    expect(handled.after).toEqual(plusOne(handled.before));
    expect(contact.api).toMatchObject({
      orderCount: 2,
      lifetimeValue: [{ currency: 'EUR', amount: 1700 }],
    });
    expect(await contactState(customerId)).toEqual(contact);
    expect(await queueDepth(clients, await queueUrl('marketing-audience-dlq'))).toBe(dlqDepth);
  });
});
