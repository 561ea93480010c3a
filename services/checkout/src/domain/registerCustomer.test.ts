import type { CustomerRegisteredV1 } from '@conveyor/event-types';
import { parseEvent } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { inMemoryCustomerStore } from '../../tests/support/inMemoryCustomerStore.ts';
import type { Customer } from './customer.ts';
import { registerCustomer, type RegisterCustomerDeps } from './registerCustomer.ts';
import type { RegistrationRequest } from './registrationRequest.ts';
import { republishUnpublishedCustomers } from './republishUnpublishedCustomers.ts';

const request = (overrides: Partial<RegistrationRequest> = {}): RegistrationRequest => ({
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  marketingOptIn: true,
  ...overrides,
});

const setup = (publishOutcomes: ('ok' | 'fail')[] = []) => {
  const store = inMemoryCustomerStore();
  const published: CustomerRegisteredV1[] = [];
  const failures: string[] = [];
  let ids = 0;
  const deps: RegisterCustomerDeps = {
    saveNewCustomer: store.saveNewCustomer,
    getCustomerByEmail: store.getCustomerByEmail,
    markCustomerPublished: store.markCustomerPublished,
    publishEvent: async (event) => {
      if (publishOutcomes.shift() === 'fail') throw new Error('SNS unavailable');
      published.push(event);
      return Promise.resolve();
    },
    onPublishFailed: (customerId) => failures.push(customerId),
    now: () => new Date('2026-11-22T10:00:00.000Z'),
    newCustomerId: () => `00000000-0000-4000-8000-00000000000${String((ids += 1))}`,
  };
  const republish = () =>
    republishUnpublishedCustomers(
      {},
      {
        listUnpublishedCustomers: store.listUnpublishedCustomers,
        markCustomerPublished: store.markCustomerPublished,
        publishCustomerEvent: deps.publishEvent,
      },
    );
  return { store, published, failures, deps, republish };
};

const registered = (result: Awaited<ReturnType<typeof registerCustomer>>): Customer => {
  if (result.kind !== 'registered') throw new Error(result.kind);
  return result.customer;
};

describe('registerCustomer', () => {
  it('stores the customer and publishes customer.registered with its id as aggregate', async () => {
    // Prepare
    const { store, published, deps } = setup();

    // Act
    const result = await registerCustomer({ request: request(), correlationId: 'corr-1' }, deps);

    // Assess
    expect(result).toMatchObject({ kind: 'registered', published: true, alreadyRegistered: false });
    const customer = registered(result);
    expect(customer).toMatchObject({
      customerId: '00000000-0000-4000-8000-000000000001',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      marketingOptIn: true,
      registeredAt: '2026-11-22T10:00:00.000Z',
      unpublished: false,
    });
    expect(published).toHaveLength(1);
    expect(parseEvent(published[0]).success).toBe(true);
    expect(published[0]).toMatchObject({
      eventType: 'customer.registered',
      version: 1,
      source: 'checkout',
      aggregateId: customer.customerId,
      metadata: { correlationId: 'corr-1', userId: customer.customerId },
      data: {
        customer: {
          customerId: customer.customerId,
          email: 'ada@example.com',
          name: 'Ada Lovelace',
        },
        marketingOptIn: true,
      },
    });
    expect(store.customers.get('ada@example.com')?.unpublished).toBe(false);
  });

  it('answers the same registration again with the stored customer, publishing nothing new', async () => {
    // Prepare
    const { store, published, deps } = setup();
    const first = registered(
      await registerCustomer({ request: request(), correlationId: 'c1' }, deps),
    );

    // Act
    const again = await registerCustomer({ request: request(), correlationId: 'c2' }, deps);

    // Assess
    expect(again).toMatchObject({ kind: 'registered', published: true, alreadyRegistered: true });
    expect(registered(again)).toEqual(first);
    expect(registered(again).registeredEvent.metadata.correlationId).toBe('c1');
    expect(published).toHaveLength(1);
    expect(store.customers.size).toBe(1);
  });

  it.each([
    ['another name', { name: 'Augusta Ada King' }],
    ['another consent', { marketingOptIn: false }],
  ])('refuses the same email with %s as a conflict, changing nothing', async (_label, change) => {
    // Prepare
    const { store, published, deps } = setup();
    const first = registered(
      await registerCustomer({ request: request(), correlationId: 'c1' }, deps),
    );

    // Act
    const conflict = await registerCustomer(
      { request: request(change), correlationId: 'c2' },
      deps,
    );

    // Assess
    expect(conflict).toEqual({ kind: 'conflict', customerId: first.customerId });
    expect(store.customers.get('ada@example.com')).toEqual(first);
    expect(published).toHaveLength(1);
  });

  it('keeps the customer, marked unpublished, when publishing fails, and the republisher sends the same event', async () => {
    // Prepare
    const { store, published, failures, deps, republish } = setup(['fail']);

    // Act
    const result = await registerCustomer({ request: request(), correlationId: 'c' }, deps);
    const stored = store.customers.get('ada@example.com');
    const republished = await republish();

    // Assess
    expect(result).toMatchObject({ kind: 'registered', published: false });
    expect(failures).toEqual([stored?.customerId]);
    expect(stored?.unpublished).toBe(true);
    expect(republished).toEqual({ republished: [stored?.customerId], failed: [] });
    expect(published.map((event) => event.eventId)).toEqual([stored?.registeredEvent.eventId]);
    expect(store.customers.get('ada@example.com')?.unpublished).toBe(false);
  });

  it('publishes the stored event when the same registration comes again before the republisher', async () => {
    // Prepare
    const { store, published, deps, republish } = setup(['fail']);
    const first = registered(
      await registerCustomer({ request: request(), correlationId: 'c' }, deps),
    );

    // Act
    const again = await registerCustomer({ request: request(), correlationId: 'c2' }, deps);
    const republished = await republish();

    // Assess
    expect(again).toMatchObject({ kind: 'registered', published: true, alreadyRegistered: true });
    expect(published.map((event) => event.eventId)).toEqual([first.registeredEvent.eventId]);
    expect(store.customers.get('ada@example.com')?.unpublished).toBe(false);
    expect(republished.republished).toEqual([]);
  });

  it('leaves a customer marked when republishing fails again, and moves on to the others', async () => {
    // Prepare
    const { store, deps, republish } = setup(['fail', 'fail', 'fail']);
    const ada = registered(
      await registerCustomer({ request: request(), correlationId: 'c' }, deps),
    );
    const grace = registered(
      await registerCustomer(
        {
          request: request({ email: 'grace@example.com', name: 'Grace Hopper' }),
          correlationId: 'c',
        },
        deps,
      ),
    );

    // Act: both first publishes failed; Ada's republish fails too, Grace's goes through.
    const first = await republish();
    const second = await republish();

    // Assess
    expect(first).toEqual({ republished: [grace.customerId], failed: [ada.customerId] });
    expect(second).toEqual({ republished: [ada.customerId], failed: [] });
    expect([...store.customers.values()].every((customer) => !customer.unpublished)).toBe(true);
  });

  it('converges on the customer another attempt stored between its read and its write', async () => {
    // Prepare: the racing attempt stores the same email right after this one has read it.
    const { store, published, deps } = setup();
    const rival = registered(
      await registerCustomer({ request: request(), correlationId: 'rival' }, setup().deps),
    );
    let reads = 0;
    const racing: RegisterCustomerDeps = {
      ...deps,
      getCustomerByEmail: async (email) => {
        reads += 1;
        if (reads === 1) {
          await store.saveNewCustomer(rival);
          return undefined;
        }
        return store.getCustomerByEmail(email);
      },
    };

    // Act
    const result = await registerCustomer({ request: request(), correlationId: 'mine' }, racing);

    // Assess
    expect(result).toMatchObject({ kind: 'registered', alreadyRegistered: true });
    expect(registered(result).customerId).toBe(rival.customerId);
    expect(published).toEqual([]);
    expect(store.customers.size).toBe(1);
  });
});
