// Registration, an order and an unsubscribe click of one customer, in every one of their 6
// orders of arrival, through the real local cloud (one customer per order, all at once): each
// customer ends unsubscribed with nothing counted, is never back in the audience after the
// click, and one customer.unsubscribed is emitted for each.
import { permutations } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import {
  clickUnsubscribe,
  customerRegistered,
  publishEvent,
  storedContact,
  tapAudienceEvents,
  unsubscribeToken,
  waitForLog,
} from './support/audienceApi.ts';
import { getContact, newCustomerId, orderPlaced } from './support/marketingApi.ts';

const Steps = {
  Registered: 'registered',
  OrderPlaced: 'order placed',
  Unsubscribed: 'unsubscribed',
} as const;
type Step = (typeof Steps)[keyof typeof Steps];

/** Delivers one step and waits until marketing has handled it; returns its outcome. */
const deliver = async (customerId: string, step: Step): Promise<unknown> => {
  if (step === Steps.Unsubscribed) {
    const page = await clickUnsubscribe(unsubscribeToken(customerId));
    if (page.status !== 200) throw new Error(`unsubscribe answered ${String(page.status)}`);
    return 'unsubscribed';
  }
  const [event, message] =
    step === Steps.Registered
      ? [customerRegistered(customerId), 'Newsletter subscription recorded']
      : [orderPlaced(customerId), 'Audience contact updated'];
  await publishEvent(event);
  const [line] = await waitForLog(event.eventId, message);
  return line?.['outcome'];
};

describe('registered, order placed and unsubscribed in every order', () => {
  it('ends unsubscribed with nothing counted, and never back in the audience after the click', async () => {
    // Prepare
    const orders = permutations([Steps.Registered, Steps.OrderPlaced, Steps.Unsubscribed]);
    const tap = await tapAudienceEvents();

    // Act
    const runs = await Promise.all(
      orders.map(async (steps) => {
        const customerId = newCustomerId();
        const outcomes: unknown[] = [];
        for (const step of steps) outcomes.push(await deliver(customerId, step));
        return { customerId, steps, outcomes };
      }),
    );

    // Assess
    const events = await tap.received();
    for (const { customerId, steps, outcomes } of runs) {
      const order = steps.join(' → ');
      const contact = await getContact(customerId);
      const published = events.filter((event) => event.aggregateId === customerId);
      expect(published, order).toHaveLength(1);
      expect(contact.json, order).toEqual({
        customerId,
        unsubscribedAt: published[0]?.occurredAt,
      });
      const stored = await storedContact(customerId);
      expect(stored, order).toMatchObject({ orderCount: 0, lifetimeValue: {}, orders: {} });
      expect(stored, order).not.toHaveProperty('newsletter');
      expect(stored, order).not.toHaveProperty('segment');
      // Whatever came after the click found the customer opted out and changed nothing.
      const afterClick = outcomes.slice(steps.indexOf(Steps.Unsubscribed) + 1);
      expect(afterClick, order).toEqual(afterClick.map(() => 'opted-out'));
    }
    await tap.close();
  });
});
