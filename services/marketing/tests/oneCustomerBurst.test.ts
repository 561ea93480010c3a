// A burst of one customer's orders lands in one batch of the standard queue, whose records run
// in parallel. They take turns on the contact (the contact lock), so none loses a version race
// and goes back to the queue: without turns, each read-merge-write round lets one writer win,
// so a receive counts 5 of them (its rounds) and redelivers the rest: a burst of more than 15
// would use up some records' 3 receives and reach the DLQ.
import { describe, expect, it } from 'vitest';
import {
  AUDIENCE_FUNCTION,
  loggedBy,
  newCustomerId,
  orderPlaced,
  publishBurst,
  serviceLogs,
  waitForContact,
} from './support/marketingApi.ts';

const ORDERS = 12;

describe('a burst of one customer', () => {
  it('counts every order at its first delivery', async () => {
    // Prepare
    const customerId = newCustomerId();
    const events = Array.from({ length: ORDERS }, () => orderPlaced(customerId, { total: 100 }));
    const eventIds = new Set(events.map((event) => event.eventId));

    // Act
    await publishBurst(events);

    // Assess
    await waitForContact(customerId, (contact) => contact['orderCount'] === ORDERS);
    const about = (await serviceLogs()).filter(
      (line) => eventIds.has(line['eventId'] as string) && loggedBy(AUDIENCE_FUNCTION)(line),
    );
    const counted = about.filter(
      (line) => line['message'] === 'Audience contact updated' && line['outcome'] === 'counted',
    );
    const handled = about.filter((line) => line['message'] === 'Event handled');
    expect(counted).toHaveLength(ORDERS);
    expect(handled.map((line) => line['receiveCount'])).toEqual(events.map(() => 1));
    expect(about.filter((line) => line['level'] !== 'INFO')).toEqual([]);
  });
});
