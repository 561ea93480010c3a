// Replays of email-notifications.fifo from its four topics' archives, through the real local
// cloud and the real local SES: a welcome, an order confirmation, a shipped notice and an apology
// email has already sent come again (as `npm run replay` sends them) and mail nothing twice: the
// inbox, the sent records and the DLQ stay as they were. No eventId record is kept: each copy's
// claim on the sent-emails ledger finds the event SENT, however far back the replay reaches.
import { randomUUID } from 'node:crypto';
import type { ConveyorEvent } from '@conveyor/event-types';
import {
  archiveTopicsOfQueue,
  queueDepth,
  replayToQueue,
  timesHandled,
  waitForTimesHandled,
} from '@conveyor/service-testing';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  clients,
  customerRegistered,
  getSentEmail,
  mailsTo,
  newCustomer,
  notificationsDlq,
  notificationsQueue,
  orderPlaced,
  publish,
  reservationFailed,
  serviceLogs,
  shipmentCreated,
  waitForDrained,
  waitForMails,
  waitForSent,
} from './support/emailTestContext.ts';

const NOTIFICATIONS_QUEUE = 'conveyor-local-email-notifications.fifo';

beforeAll(async () => {
  // This test cloud creates the producers' topics bare; their own stacks archive them.
  await archiveTopicsOfQueue(clients, NOTIFICATIONS_QUEUE);
});

/** One event of each kind email mails about, for one new customer. */
const mailedEvents = () => {
  const customer = newCustomer();
  const [shippedOrder, failedOrder] = [randomUUID(), randomUUID()];
  const events: ConveyorEvent[] = [
    customerRegistered(customer, true),
    orderPlaced(shippedOrder, customer),
    shipmentCreated(shippedOrder, customer),
    reservationFailed(failedOrder, customer),
  ];
  return { customer, events, eventIds: events.map((event) => event.eventId) };
};

/** What the customer received and what email recorded, per event. */
const mailed = async (email: string, eventIds: readonly string[]) => ({
  inbox: await mailsTo(email),
  records: await Promise.all(eventIds.map(async (eventId) => (await getSentEmail(eventId)).json)),
});

/**
 * Replays the queue from `from`, once the first delivery of each of `eventIds` was handled, and
 * waits until email has handled the replayed copies; returns how often it handled each.
 */
const replayAndWaitForHandled = async (from: Date, eventIds: readonly string[]) => {
  const outputUrl = inject('emailOutputUrl');
  const queueUrl = await notificationsQueue();
  await waitForDrained(queueUrl);
  const before = await waitForTimesHandled(
    outputUrl,
    Object.fromEntries(eventIds.map((id) => [id, 1])),
  );
  await replayToQueue(clients, NOTIFICATIONS_QUEUE, from);
  await waitForTimesHandled(
    outputUrl,
    Object.fromEntries(eventIds.map((id) => [id, (before[id] ?? 0) + 1])),
  );
  await waitForDrained(queueUrl);
  return { before, after: await timesHandled(outputUrl, eventIds) };
};

/** Per event, what each handled delivery logged as `Notification handled`, in order. */
const outcomesOf = async (eventIds: readonly string[]) => {
  const lines = (await serviceLogs()).filter((line) => line['message'] === 'Notification handled');
  return eventIds.map((eventId) =>
    lines
      .filter((line) => line['eventId'] === eventId)
      .map(({ outcome, messageId }) => ({ outcome, messageId })),
  );
};

const plusOne = (counts: Readonly<Record<string, number>>) =>
  Object.fromEntries(Object.entries(counts).map(([id, times]) => [id, times + 1]));

describe('a replay of email-notifications.fifo', () => {
  it('mails nothing twice: the sent ledger decides', async () => {
    // Prepare
    const from = new Date();
    const { customer, events, eventIds } = mailedEvents();
    const dlqDepth = await queueDepth(clients, await notificationsDlq());

    // Act
    for (const event of events) await publish(event);
    await waitForMails(customer.email, events.length);
    for (const eventId of eventIds) await waitForSent(eventId);
    const sent = await mailed(customer.email, eventIds);
    const handled = await replayAndWaitForHandled(from, eventIds);

    // Assess: each replayed copy, the registration included (its welcome claim lets the same
    // event through as a retry), found its event SENT and answered with the stored message id.
    expect(handled.after).toEqual(plusOne(handled.before));
    expect(sent.inbox).toHaveLength(events.length);
    expect(await mailed(customer.email, eventIds)).toEqual(sent);
    expect(await outcomesOf(eventIds)).toEqual(
      sent.records.map((record) => [
        { outcome: 'sent', messageId: record['messageId'] },
        { outcome: 'already-sent', messageId: record['messageId'] },
      ]),
    );
    expect(await queueDepth(clients, await notificationsDlq())).toBe(dlqDepth);
  });
});
