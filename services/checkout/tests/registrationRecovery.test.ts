// A registration whose customer.registered cannot be published is stored anyway, answered 201,
// and its event reaches the topic later, unchanged: through the republisher, or through the
// same registration sent again. The failure is real: the local cloud refuses the function
// sns:Publish on the topic, as AWS would refuse a role without it.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  boundedFetch,
  invokeFunction,
  tapTopic,
  type TopicTap,
  waitFor,
} from '@conveyor/service-testing';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { postCustomer, testContext, validRegistration } from './support/checkoutApi.ts';
import { publishRefusals } from './support/publishRefusals.ts';

const { clients } = testContext();
const CUSTOMERS_TABLE = 'conveyor-local-checkout-customers';
const TOPIC = 'customer-events';
let customerEvents: TopicTap;
const refusals = publishRefusals(TOPIC);

beforeAll(async () => {
  customerEvents = await tapTopic(clients, `conveyor-local-${TOPIC}.fifo`);
});

afterEach(async () => {
  await refusals.restoreAll();
});

afterAll(async () => {
  await customerEvents.close();
});

const storedCustomer = async (email: string): Promise<Record<string, unknown> | undefined> =>
  (
    await clients.documents.send(
      new GetCommand({ TableName: CUSTOMERS_TABLE, Key: { email }, ConsistentRead: true }),
    )
  ).Item;

const eventsOf = (customerId: string): Promise<{ eventId: string }[]> =>
  waitFor(
    async () => {
      const drained = (await customerEvents.drain()) as { aggregateId: string; eventId: string }[];
      const mine = drained.filter((event) => event.aggregateId === customerId);
      return mine.length > 0 ? mine : undefined;
    },
    { description: `customer.registered of ${customerId} on the customer-events topic` },
  );

const serviceOutput = async (): Promise<string> =>
  (await boundedFetch(inject('checkoutOutputUrl'))).text();

describe('customer.registered when its first publish fails', () => {
  it('answers 201 with the stored customer, and the republisher publishes the same event', async () => {
    // Prepare: the scheduled republisher is refused too until the stored mark has been seen.
    const body = validRegistration();
    const postRefused = await refusals.refuse('postCustomer');
    const republisherRefused = await refusals.refuse('republishUnpublished');

    // Act
    const response = await postCustomer(body);
    const denial = await postRefused.waitForDenial();
    const { customerId } = response.json as { customerId: string };
    const whileRefused = await storedCustomer(body.email);
    await republisherRefused.restore();
    await invokeFunction(
      inject('checkoutLambdaPort'),
      'conveyor-checkout-local-republishUnpublished',
    );
    const events = await eventsOf(customerId);

    // Assess
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ customerId, email: body.email, name: body.name });
    expect(denial).toMatchObject({
      action: 'sns:Publish',
      resource: expect.stringMatching(/:conveyor-local-customer-events\.fifo$/) as unknown,
    });
    expect(whileRefused).toMatchObject({ customerId, publishState: 'PENDING' });
    const storedEvent = (whileRefused as { registeredEvent: { eventId: string } }).registeredEvent;
    expect(events.map((event) => event.eventId)).toEqual([storedEvent.eventId]);
    const after = await waitFor(
      async () => {
        const item = await storedCustomer(body.email);
        return item !== undefined && !('publishState' in item) ? item : undefined;
      },
      { description: 'the customer no longer marked unpublished' },
    );
    expect(after).toMatchObject({ customerId });
    const output = await serviceOutput();
    expect(output).toContain('Publishing customer.registered failed');
    expect(output).toMatch(new RegExp(`Republished unpublished customers[^\\n]*${customerId}`));
    expect(output).not.toContain(body.email);
    expect(output).not.toContain(body.name);
  });

  it('publishes the stored event when the same registration is sent again, answering 200', async () => {
    // Prepare: only the repeated request may publish; the republisher stays refused.
    const body = validRegistration({ marketingOptIn: false });
    const postRefused = await refusals.refuse('postCustomer');
    await refusals.refuse('republishUnpublished');
    const first = await postCustomer(body);
    await postRefused.waitForDenial();
    const { customerId } = first.json as { customerId: string };
    const whileRefused = await storedCustomer(body.email);
    await postRefused.restore();

    // Act
    const again = await postCustomer(body);
    const events = await eventsOf(customerId);

    // Assess
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    const storedEvent = (whileRefused as { registeredEvent: { eventId: string } }).registeredEvent;
    expect(events.map((event) => event.eventId)).toEqual([storedEvent.eventId]);
    expect(await storedCustomer(body.email)).not.toHaveProperty('publishState');
  });
});
