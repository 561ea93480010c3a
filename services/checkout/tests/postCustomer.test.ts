// POST /customers through serverless-offline and the real local cloud: one customer per email,
// announced once as customer.registered on the customer-events topic.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  boundedFetch,
  readServiceLogs,
  tapTopic,
  type TopicTap,
  waitFor,
} from '@conveyor/service-testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postCustomer, testContext, validRegistration } from './support/checkoutApi.ts';

const { clients } = testContext();
const CUSTOMERS_TABLE = 'conveyor-local-checkout-customers';
let customerEvents: TopicTap;

beforeAll(async () => {
  customerEvents = await tapTopic(clients, 'conveyor-local-customer-events.fifo');
});

afterAll(async () => {
  await customerEvents.close();
});

type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { pointer: string; detail: string }[];
};

type RegisteredEvent = {
  eventId: string;
  eventType: string;
  aggregateId: string;
  data: { customer: { customerId: string; email: string; name: string } };
};

const expectProblem = (response: Awaited<ReturnType<typeof postCustomer>>, status: number) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = response.json as Problem;
  expect(problem.status).toBe(status);
  return problem;
};

/** Every customer.registered of `customerId` on the tap, once at least one has arrived. */
const eventsOf = (customerId: string): Promise<RegisteredEvent[]> =>
  waitFor(
    async () => {
      const drained = (await customerEvents.drain()) as RegisteredEvent[];
      const mine = drained.filter((event) => event.aggregateId === customerId);
      return mine.length > 0 ? mine : undefined;
    },
    { description: `customer.registered of ${customerId} on the customer-events topic` },
  );

const serviceOutput = async (): Promise<string> =>
  (await boundedFetch(inject('checkoutOutputUrl'))).text();

describe('POST /customers', () => {
  it('stores a new customer, publishes customer.registered and answers 201 with its customerId', async () => {
    // Prepare
    const body = validRegistration({ email: `  Grace.${Date.now()}@Example.COM ` });
    const email = body.email.trim().toLowerCase();

    // Act
    const response = await postCustomer(body, {
      'content-type': 'application/json',
      'x-correlation-id': 'registration-trace-1',
    });

    // Assess
    expect(response.status).toBe(201);
    const { customerId } = response.json as { customerId: string };
    expect(customerId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(response.json).toEqual({
      customerId,
      email,
      name: body.name,
      marketingOptIn: true,
      registeredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
    });
    expect(response.headers.get('x-correlation-id')).toBe('registration-trace-1');
    const events = await eventsOf(customerId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventType: 'customer.registered',
      version: 1,
      source: 'checkout',
      aggregateId: customerId,
      metadata: { correlationId: 'registration-trace-1', userId: customerId },
      data: { customer: { customerId, email, name: body.name }, marketingOptIn: true },
    });
    const stored = await clients.documents.send(
      new GetCommand({ TableName: CUSTOMERS_TABLE, Key: { email }, ConsistentRead: true }),
    );
    expect(stored.Item).toMatchObject({ customerId, email, name: body.name });
    expect(stored.Item).not.toHaveProperty('publishState');
    // Keyed as its event, which `npm run trace -- <customerId>` finds it by.
    const registered = await waitFor(
      async () =>
        (await readServiceLogs(inject('checkoutOutputUrl'))).find(
          (line) => line['message'] === 'Customer registered' && line['customerId'] === customerId,
        ),
      { description: `checkout's "Customer registered" line of ${customerId}` },
    );
    expect(registered).toMatchObject({
      aggregateId: customerId,
      correlationId: 'registration-trace-1',
    });
    const output = await serviceOutput();
    expect(output).not.toContain(email);
    expect(output).not.toContain(body.name);
  });

  it('answers the same registration again, in any case of the email, 200 with the same customer and no second event', async () => {
    // Prepare
    const body = validRegistration({ marketingOptIn: false });
    const first = await postCustomer(body);
    const { customerId } = first.json as { customerId: string };
    const [published] = await eventsOf(customerId);

    // Act
    const again = await postCustomer(body);
    const shouted = await postCustomer({ ...body, email: body.email.toUpperCase() });

    // Assess
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(shouted.status).toBe(200);
    expect(shouted.json).toEqual(first.json);
    expect(again.headers.get('x-correlation-id')).toBe(first.headers.get('x-correlation-id'));
    // Checkout publishes before it answers: with every answer in, any second event is on the tap.
    const more = (await customerEvents.drain()) as RegisteredEvent[];
    expect(more.filter((event) => event.aggregateId === customerId)).toEqual([]);
    expect(published?.eventType).toBe('customer.registered');
  });

  it.each([
    ['another name', { name: 'Amazing Grace' }],
    ['another consent', { marketingOptIn: false }],
  ])('answers 409 for the same email with %s, and changes nothing', async (_label, change) => {
    // Prepare
    const body = validRegistration();
    const first = await postCustomer(body);
    const { customerId } = first.json as { customerId: string };
    await eventsOf(customerId);

    // Act
    const conflict = await postCustomer({ ...body, ...change });
    const original = await postCustomer(body);

    // Assess
    const problem = expectProblem(conflict, 409);
    expect(problem.detail).toContain('already registered');
    expect(JSON.stringify(problem)).not.toContain(body.name);
    expect(original.status).toBe(200);
    expect(original.json).toEqual(first.json);
    const more = (await customerEvents.drain()) as RegisteredEvent[];
    expect(more.filter((event) => event.aggregateId === customerId)).toEqual([]);
  });

  it('answers 400 with a pointer per problem: invalid email, blank name, consent not a boolean, unexpected field', async () => {
    // Prepare
    const body = { name: '  ', email: 'nope', marketingOptIn: 'yes', customerId: 'cus-1' };

    // Act
    const response = await postCustomer(body);

    // Assess
    const problem = expectProblem(response, 400);
    expect(problem.errors?.toSorted((a, b) => a.pointer.localeCompare(b.pointer))).toEqual([
      { pointer: '/customerId', detail: 'unexpected field "customerId"' },
      { pointer: '/email', detail: 'must be a valid email address' },
      { pointer: '/marketingOptIn', detail: 'must be true or false' },
      { pointer: '/name', detail: 'must not be empty' },
    ]);
  });

  it('answers 400 for a name with control characters, which would reach the welcome mail as sent', async () => {
    // Prepare
    const body = { name: 'Bob\u0000\u001b[31m', email: 'bob@example.com', marketingOptIn: false };

    // Act
    const response = await postCustomer(body);

    // Assess
    const problem = expectProblem(response, 400);
    expect(problem.errors).toEqual([
      {
        pointer: '/name',
        detail:
          'must not contain control characters (line breaks, tabs, line separators, bidirectional controls)',
      },
    ]);
  });

  it('answers 400 naming every missing field, and 415 for another content type', async () => {
    // Act
    const empty = await postCustomer({});
    const text = await postCustomer(JSON.stringify(validRegistration()), {
      'content-type': 'text/plain',
    });

    // Assess
    expect(
      expectProblem(empty, 400)
        .errors?.map((error) => error.pointer)
        .toSorted(),
    ).toEqual(['/email', '/marketingOptIn', '/name']);
    expectProblem(text, 415);
  });
});
