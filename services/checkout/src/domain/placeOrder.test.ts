import type { OrderPlacedV1 } from '@conveyor/event-types';
import { parseEvent } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { inMemoryOrderStore } from '../../tests/support/inMemoryOrderStore.ts';
import { makeFindCatalogueItems } from '../adapters/catalogueFile.ts';
import type { CheckoutRequest } from './checkoutRequest.ts';
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
    const result = await placeOrder(request(), { correlationId: 'corr-1' }, deps);

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
      request({ currency: 'USD', lines: [{ sku: 'MUG-LOGO', quantity: 3 }] }),
      { correlationId: 'c' },
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
    const result = await placeOrder(request({ lines }), { correlationId: 'c' }, deps);

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
    const result = await placeOrder(request(), { correlationId: 'c' }, deps);
    const stored = result.kind === 'placed' ? store.orders.get(result.order.orderId) : undefined;
    const republish = await republishUnpublishedOrders({
      ...store,
      publishEvent: deps.publishEvent,
    });

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
    await placeOrder(request(), { correlationId: 'c' }, deps);
    await placeOrder(request(), { correlationId: 'c' }, deps);

    // Act
    const result = await republishUnpublishedOrders({ ...store, publishEvent: deps.publishEvent });

    // Assess
    expect(result.failed).toHaveLength(1);
    expect(result.republished).toHaveLength(1);
    expect([...store.orders.values()].filter((order) => order.unpublished)).toHaveLength(1);
  });
});
