import type { OrderPlacedV1 } from '@conveyor/event-types';
import { parseEvent } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { inMemoryOrderStore } from '../../tests/support/inMemoryOrderStore.ts';
import { makeFindCatalogueItems } from '../adapters/catalogueFile.ts';
import type { CheckoutRequest } from './checkoutRequest.ts';
import { orderIdForKey } from './orderIdForKey.ts';
import { placeOrder, type PlaceOrderDeps } from './placeOrder.ts';
import { republishUnpublishedOrders } from './republishUnpublishedOrders.ts';

const request = (overrides: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
  customer: { id: 'cus-1', email: 'ada@example.com', name: 'Ada Lovelace' },
  lines: [
    { sku: 'TSHIRT-RED-M', quantity: 2 },
    { sku: 'MUG-LOGO', quantity: 1 },
  ],
  shippingAddress: {
    name: 'Ada Lovelace',
    line1: '12 Analytical Row',
    city: 'London',
    postalCode: 'NW1 6XE',
    country: 'GB',
  },
  currency: 'EUR',
  marketingOptIn: true,
  ...overrides,
});

const setup = (publishOutcomes: ('ok' | 'fail')[] = []) => {
  const store = inMemoryOrderStore();
  const published: OrderPlacedV1[] = [];
  const failures: string[] = [];
  let ids = 0;
  const deps: PlaceOrderDeps = {
    findCatalogueItems: makeFindCatalogueItems(),
    saveNewOrder: store.saveNewOrder,
    getOrder: store.getOrder,
    markOrderPublished: store.markOrderPublished,
    publishEvent: async (event) => {
      if (publishOutcomes.shift() === 'fail') throw new Error('SNS unavailable');
      published.push(event);
      return Promise.resolve();
    },
    onPublishFailed: (orderId) => failures.push(orderId),
    now: () => new Date('2026-11-22T10:00:00.000Z'),
    newOrderId: () => `00000000-0000-4000-8000-00000000000${String((ids += 1))}`,
  };
  return { store, published, failures, deps };
};

describe('placeOrder', () => {
  it('prices lines from the catalogue, stores the order and publishes order.placed', async () => {
    // Prepare
    const { store, published, deps } = setup();

    // Act
    const result = await placeOrder({ request: request(), correlationId: 'corr-1' }, deps);

    // Assess
    if (result.kind !== 'placed') throw new Error(result.kind);
    expect(result.published).toBe(true);
    expect(result.order).toMatchObject({
      status: 'PLACED',
      total: 2 * 1999 + 1250,
      currency: 'EUR',
    });
    expect(result.order.lines).toEqual([
      {
        sku: 'TSHIRT-RED-M',
        name: 'Red T-shirt (M)',
        quantity: 2,
        unitPrice: 1999,
        lineTotal: 3998,
      },
      { sku: 'MUG-LOGO', name: 'Logo mug', quantity: 1, unitPrice: 1250, lineTotal: 1250 },
    ]);
    expect(published).toHaveLength(1);
    expect(parseEvent(published[0]).success).toBe(true);
    expect(published[0]).toMatchObject({
      aggregateId: result.order.orderId,
      metadata: { correlationId: 'corr-1', userId: 'cus-1' },
      data: { total: 5248, marketingOptIn: true, customer: { customerId: 'cus-1' } },
    });
    expect(store.orders.get(result.order.orderId)).toMatchObject({
      unpublished: false,
      timeline: [{ status: 'PLACED' }],
    });
  });

  it('prices in the requested currency', async () => {
    // Prepare
    const { deps } = setup();

    // Act
    const result = await placeOrder(
      {
        request: request({ currency: 'USD', lines: [{ sku: 'MUG-LOGO', quantity: 3 }] }),
        correlationId: 'c',
      },
      deps,
    );

    // Assess
    expect(result.kind === 'placed' && result.order.total).toBe(3 * 1350);
  });

  it('lists every unknown SKU with its line index and stores nothing', async () => {
    // Prepare
    const { store, published, deps } = setup();
    const lines = [
      { sku: 'NOPE-1', quantity: 1 },
      { sku: 'MUG-LOGO', quantity: 1 },
      { sku: 'NOPE-2', quantity: 1 },
    ];

    // Act
    const result = await placeOrder({ request: request({ lines }), correlationId: 'c' }, deps);

    // Assess
    expect(result).toEqual({
      kind: 'unknown-skus',
      unknown: [
        { index: 0, sku: 'NOPE-1' },
        { index: 2, sku: 'NOPE-2' },
      ],
    });
    expect(store.orders.size).toBe(0);
    expect(published).toEqual([]);
  });

  it('keeps the order, marked unpublished, when publishing fails, and the republisher sends the same event', async () => {
    // Prepare
    const { store, published, failures, deps } = setup(['fail']);

    // Act
    const result = await placeOrder({ request: request(), correlationId: 'c' }, deps);
    const stored = result.kind === 'placed' ? store.orders.get(result.order.orderId) : undefined;
    const republish = await republishUnpublishedOrders(
      {},
      { ...store, publishEvent: deps.publishEvent },
    );

    // Assess
    expect(result.kind === 'placed' && result.published).toBe(false);
    expect(failures).toHaveLength(1);
    expect(stored?.unpublished).toBe(true);
    expect(republish.republished).toEqual([stored?.orderId]);
    expect(published.map((event) => event.eventId)).toEqual([stored?.placedEvent.eventId]);
    expect(store.orders.get(stored?.orderId ?? '')?.unpublished).toBe(false);
  });

  it('leaves an order marked when republishing fails again, and moves on to the others', async () => {
    // Prepare
    const { store, deps } = setup(['fail', 'fail', 'fail', 'ok']);
    await placeOrder({ request: request(), correlationId: 'c' }, deps);
    await placeOrder({ request: request(), correlationId: 'c' }, deps);

    // Act
    const result = await republishUnpublishedOrders(
      {},
      { ...store, publishEvent: deps.publishEvent },
    );

    // Assess
    expect(result.failed).toHaveLength(1);
    expect(result.republished).toHaveLength(1);
    expect([...store.orders.values()].filter((order) => order.unpublished)).toHaveLength(1);
  });
});

describe('placeOrder under an Idempotency-Key', () => {
  const keyed = (idempotencyKey: string, correlationId = 'corr-1') => ({
    correlationId,
    idempotencyKey,
  });
  // Attempt 1 stores the order, then dies at its publish, as a stopped invocation does: the
  // promise it awaits never settles. Resolves once it is there.
  const attemptDyingAtPublish = async (key: string, deps: PlaceOrderDeps): Promise<void> =>
    new Promise((atPublish) => {
      void placeOrder(
        { request: request(), ...keyed(key) },
        {
          ...deps,
          publishEvent: () => {
            atPublish();
            return new Promise<never>(() => undefined);
          },
        },
      );
    });

  it('derives the order id from the customer and the key, and a retry converges on the order', async () => {
    // Prepare
    const { store, published, deps } = setup();

    // Act
    const first = await placeOrder({ request: request(), ...keyed('key-1', 'corr-first') }, deps);
    const retry = await placeOrder({ request: request(), ...keyed('key-1', 'corr-retry') }, deps);

    // Assess
    if (first.kind !== 'placed' || retry.kind !== 'placed') throw new Error('expected orders');
    expect(first.order.orderId).toBe(orderIdForKey('cus-1', 'key-1'));
    expect(first.order.orderId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first.alreadyPlaced).toBe(false);
    expect(retry).toMatchObject({ alreadyPlaced: true, published: true });
    expect(retry.order).toEqual(first.order);
    expect(retry.order.placedEvent.metadata.correlationId).toBe('corr-first');
    expect(store.orders.size).toBe(1);
    expect(published).toHaveLength(1);
  });

  it('answers with the order, published once, when its own put landed but the answer was lost and the retried put was refused', async () => {
    // Prepare: no Idempotency-Key; the SDK retries the put after a lost answer, and the store
    // refuses the retry because the first put had landed.
    const { store, published, deps } = setup();
    const lostAnswer: PlaceOrderDeps = {
      ...deps,
      saveNewOrder: async (order) => {
        await store.saveNewOrder(order);
        return store.saveNewOrder(order);
      },
    };

    // Act
    const result = await placeOrder({ request: request(), correlationId: 'corr-lost' }, lostAnswer);

    // Assess
    expect(result).toMatchObject({ kind: 'placed', published: true });
    const orderId = result.kind === 'placed' ? result.order.orderId : '';
    expect(published.map((event) => event.aggregateId)).toEqual([orderId]);
    expect((await store.getOrder(orderId))?.unpublished).toBe(false);
  });

  it('reads no order before its write: only a refused write (a retry) reads the stored one', async () => {
    // Prepare
    const { store, deps } = setup();
    const reads: string[] = [];
    const counted: PlaceOrderDeps = {
      ...deps,
      getOrder: async (orderId) => {
        reads.push(orderId);
        return store.getOrder(orderId);
      },
    };

    // Act
    const first = await placeOrder({ request: request(), ...keyed('key-reads') }, counted);
    const readsByFirst = reads.length;
    const retry = await placeOrder({ request: request(), ...keyed('key-reads') }, counted);

    // Assess
    expect(first.kind).toBe('placed');
    expect(readsByFirst).toBe(0);
    expect(retry).toMatchObject({ kind: 'placed', alreadyPlaced: true });
    expect(reads).toEqual([orderIdForKey('cus-1', 'key-reads')]);
  });

  it('gives the same key of two customers two orders', async () => {
    // Prepare
    const { store, deps } = setup();
    const other = request({ customer: { id: 'cus-2', email: 'grace@example.com', name: 'Grace' } });

    // Act
    const mine = await placeOrder({ request: request(), ...keyed('shared-key') }, deps);
    const theirs = await placeOrder({ request: other, ...keyed('shared-key') }, deps);

    // Assess
    expect(mine.kind === 'placed' && theirs.kind === 'placed').toBe(true);
    expect(store.orders.size).toBe(2);
  });

  it('answers key-reused when the key already placed an order for a different request', async () => {
    // Prepare
    const { store, published, deps } = setup();
    await placeOrder({ request: request(), ...keyed('key-2') }, deps);

    // Act
    const reused = await placeOrder(
      { request: request({ marketingOptIn: false }), ...keyed('key-2') },
      deps,
    );

    // Assess
    expect(reused).toEqual({ kind: 'key-reused', orderId: orderIdForKey('cus-1', 'key-2') });
    expect(store.orders.size).toBe(1);
    expect(published).toHaveLength(1);
  });

  it('stores nothing for a refused request, so the fixed request places the order under the key', async () => {
    // Prepare
    const { store, deps } = setup();
    const refused = await placeOrder(
      { request: request({ lines: [{ sku: 'NOPE', quantity: 1 }] }), ...keyed('key-3') },
      deps,
    );

    // Act
    const fixed = await placeOrder({ request: request(), ...keyed('key-3') }, deps);

    // Assess
    expect(refused.kind).toBe('unknown-skus');
    expect(fixed).toMatchObject({ kind: 'placed', alreadyPlaced: false });
    expect(store.orders.size).toBe(1);
  });

  it('keeps one order when attempt 1 writes it after attempt 2 placed it', async () => {
    // Prepare
    const { store, published, deps } = setup();
    let attempt1Writes: () => void = () => undefined;
    let attempt1Waiting: () => void = () => undefined;
    const attempt1AtWrite = new Promise<void>((resolve) => {
      attempt1Waiting = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      attempt1Writes = resolve;
    });
    const slowDeps: PlaceOrderDeps = {
      ...deps,
      saveNewOrder: async (order) => {
        attempt1Waiting();
        await gate;
        return deps.saveNewOrder(order);
      },
    };
    const attempt1 = placeOrder({ request: request(), ...keyed('key-4', 'corr-1') }, slowDeps);
    await attempt1AtWrite;

    // Act
    const attempt2 = await placeOrder({ request: request(), ...keyed('key-4', 'corr-2') }, deps);
    attempt1Writes();
    const late = await attempt1;

    // Assess
    if (attempt2.kind !== 'placed' || late.kind !== 'placed') throw new Error('expected orders');
    expect(attempt2.alreadyPlaced).toBe(false);
    expect(late).toMatchObject({ alreadyPlaced: true, published: true });
    expect(late.order.orderId).toBe(attempt2.order.orderId);
    expect(store.orders.size).toBe(1);
    expect(published.map((event) => event.eventId)).toEqual([attempt2.order.placedEvent.eventId]);
  });

  it('publishes the stored event on retry when attempt 1 died after storing the order', async () => {
    // Prepare
    const { store, published, deps } = setup();
    await attemptDyingAtPublish('key-5', deps);
    const orderId = orderIdForKey('cus-1', 'key-5');
    const stored = store.orders.get(orderId);

    // Act
    const retry = await placeOrder({ request: request(), ...keyed('key-5') }, deps);

    // Assess
    expect(stored?.unpublished).toBe(true);
    expect(retry).toMatchObject({ kind: 'placed', alreadyPlaced: true, published: true });
    expect(published.map((event) => event.eventId)).toEqual([stored?.placedEvent.eventId]);
    expect(store.orders.get(orderId)?.unpublished).toBe(false);
    expect(store.orders.size).toBe(1);
  });

  it('lets the republisher send the event of an order whose attempt died before publishing, and a later retry answers with it', async () => {
    // Prepare
    const { store, published, deps } = setup();
    await attemptDyingAtPublish('key-6', deps);
    const orderId = orderIdForKey('cus-1', 'key-6');

    // Act
    const republished = await republishUnpublishedOrders(
      {},
      { ...store, publishEvent: deps.publishEvent },
    );
    const retry = await placeOrder({ request: request(), ...keyed('key-6') }, deps);

    // Assess
    expect(republished.republished).toEqual([orderId]);
    expect(retry).toMatchObject({ kind: 'placed', alreadyPlaced: true, published: true });
    expect(published.map((event) => event.aggregateId)).toEqual([orderId]);
    expect(store.orders.size).toBe(1);
  });

  it('answers with the stored order even after its SKU left the catalogue', async () => {
    // Prepare
    const { deps } = setup();
    const first = await placeOrder({ request: request(), ...keyed('key-7') }, deps);
    const emptyCatalogue: PlaceOrderDeps = {
      ...deps,
      findCatalogueItems: async () => Promise.resolve(new Map()),
    };

    // Act
    const retry = await placeOrder({ request: request(), ...keyed('key-7') }, emptyCatalogue);

    // Assess
    expect(first.kind === 'placed' && retry.kind === 'placed').toBe(true);
    expect(retry.kind === 'placed' && retry.order.orderId).toBe(
      first.kind === 'placed' && first.order.orderId,
    );
  });
});
