import {
  buildEvent,
  type EventData,
  exampleEventData,
  type InventoryReservedV1,
  parseEvent,
  type ShipmentCreatedV1,
} from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { fixedRandom } from '../../tests/support/fixedRandom.ts';
import { inMemoryLabels } from '../../tests/support/inMemoryLabels.ts';
import { inMemoryShipmentStore } from '../../tests/support/inMemoryShipmentStore.ts';
import {
  createShipment,
  type CreateShipmentDeps,
  UnshippableOrderError,
} from './createShipment.ts';
import { SENDER } from './label.ts';
import { s10CheckDigit } from './trackingNumber.ts';

const ORDER_ID = '5f0c8a4e-2b1d-4c3e-9f6a-7b8c9d0e1f2a';
// A Friday: a 2-day estimate lands on Tuesday.
const NOW = new Date('2026-11-20T10:00:00.000Z');

const reserved = (
  overrides: Partial<EventData<'inventory.reserved', 1>> = {},
  orderId = ORDER_ID,
): InventoryReservedV1 =>
  buildEvent(
    {
      eventType: 'inventory.reserved',
      version: 1,
      aggregateId: orderId,
      data: { ...exampleEventData['inventory.reserved'](), ...overrides },
    },
    { correlationId: 'corr-1', userId: 'cus-1001' },
  );

type Failure = 'store-label' | 'publish';

const setup = (failures: Failure[] = []) => {
  const store = inMemoryShipmentStore();
  const labels = inMemoryLabels();
  const published: ShipmentCreatedV1[] = [];
  let shipmentIds = 0;
  const failOnce = (step: Failure) => {
    const index = failures.indexOf(step);
    if (index >= 0) {
      failures.splice(index, 1);
      throw new Error(`${step} unavailable`);
    }
  };
  const deps: CreateShipmentDeps = {
    ...store,
    renderLabel: labels.renderLabel,
    storeLabel: async (key, pdf) => {
      failOnce('store-label');
      return labels.storeLabel(key, pdf);
    },
    publishEvent: async (event) => {
      failOnce('publish');
      published.push(event);
      return Promise.resolve();
    },
    randomInt: fixedRandom(),
    newShipmentId: () => `shp-${String((shipmentIds += 1))}`,
    now: () => NOW,
  };
  return { store, labels, published, deps };
};

describe('createShipment', () => {
  it('stores one shipment with carrier, tracking number and estimate, stores its label and publishes shipment.created', async () => {
    // Prepare
    const { store, labels, published, deps } = setup();
    const event = reserved();

    // Act
    const result = await createShipment(event, deps);

    // Assess
    expect(result.outcome).toBe('created');
    const expectedTracking = `BC34567890${s10CheckDigit('34567890')}GB`;
    expect(store.shipments.get(ORDER_ID)).toMatchObject({
      orderId: ORDER_ID,
      shipmentId: 'shp-1',
      status: 'LABEL_CREATED',
      carrier: 'ROYAL_MAIL',
      service: 'Royal Mail Tracked 48',
      zone: 'DOMESTIC',
      trackingNumber: expectedTracking,
      estimatedDelivery: '2026-11-24',
      labelKey: `labels/${ORDER_ID}.pdf`,
      parcel: {
        items: 3,
        weightGrams: 150 + 2 * 200 + 350,
        declaredValue: { amount: 5248, currency: 'EUR' },
      },
      createdAt: NOW.toISOString(),
      labelCreatedAt: NOW.toISOString(),
    });
    expect(labels.stored.get(`labels/${ORDER_ID}.pdf`)).toMatchObject({
      orderId: ORDER_ID,
      carrier: 'ROYAL_MAIL',
      trackingNumber: expectedTracking,
      sender: SENDER,
      recipient: event.data.shippingAddress,
    });
    expect(labels.stored.get(`labels/${ORDER_ID}.pdf`)?.customsValue).toBeUndefined();
    expect(published).toHaveLength(1);
    expect(parseEvent(published[0]).success).toBe(true);
    expect(published[0]).toMatchObject({
      eventType: 'shipment.created',
      source: 'shipping',
      aggregateId: ORDER_ID,
      metadata: { correlationId: 'corr-1', causationId: event.eventId, userId: 'cus-1001' },
      data: {
        shipmentId: 'shp-1',
        carrier: 'ROYAL_MAIL',
        trackingNumber: expectedTracking,
        estimatedDelivery: '2026-11-24',
        labelKey: `labels/${ORDER_ID}.pdf`,
        customer: event.data.customer,
        shippingAddress: event.data.shippingAddress,
      },
    });
    expect(published[0]).toEqual(store.shipments.get(ORDER_ID)?.createdEvent);
  });

  it('re-uses the stored shipment on a redelivery and publishes the same event again, without a second label', async () => {
    // Prepare
    const { store, labels, published, deps } = setup();
    const event = reserved();
    const first = await createShipment(event, deps);

    // Act
    const second = await createShipment(event, deps);

    // Assess
    expect(second.outcome).toBe('existing');
    expect(second.shipment).toEqual(first.shipment);
    expect(store.shipments.size).toBe(1);
    expect(labels.rendered).toHaveLength(1);
    expect(published.map((e) => e.eventId)).toEqual([
      first.shipment.createdEvent.eventId,
      first.shipment.createdEvent.eventId,
    ]);
  });

  it('keeps the first shipment when another inventory.reserved for the same order arrives later', async () => {
    // Prepare
    const { store, published, deps } = setup();
    const first = await createShipment(reserved(), deps);
    const later = reserved({
      shippingAddress: {
        name: 'Ada',
        line1: '1 Rue',
        city: 'Paris',
        postalCode: '75001',
        country: 'FR',
      },
    });

    // Act
    const result = await createShipment(later, deps);

    // Assess
    expect(result.outcome).toBe('existing');
    expect(result.shipment.trackingNumber).toBe(first.shipment.trackingNumber);
    expect(result.shipment.carrier).toBe('ROYAL_MAIL');
    expect(store.shipments.size).toBe(1);
    expect(new Set(published.map((e) => e.eventId))).toEqual(
      new Set([first.shipment.createdEvent.eventId]),
    );
  });

  it('finishes a shipment whose label failed to store on the retry, with the same tracking number and eventId', async () => {
    // Prepare
    const { store, labels, published, deps } = setup(['store-label']);
    const event = reserved();

    // Act
    const failure = await createShipment(event, deps).catch((error: unknown) => error);
    const pending = store.shipments.get(ORDER_ID);
    const retry = await createShipment(event, deps);

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(pending?.status).toBe('LABEL_PENDING');
    expect(retry.outcome).toBe('existing');
    expect(retry.shipment.status).toBe('LABEL_CREATED');
    expect(retry.shipment.trackingNumber).toBe(pending?.trackingNumber);
    expect(labels.stored.get(`labels/${ORDER_ID}.pdf`)?.trackingNumber).toBe(
      pending?.trackingNumber,
    );
    expect(published.map((e) => e.eventId)).toEqual([pending?.createdEvent.eventId]);
  });

  it('publishes the stored event on the retry after a failed publish, without rendering the label again', async () => {
    // Prepare
    const { store, labels, published, deps } = setup(['publish']);
    const event = reserved();

    // Act
    const failure = await createShipment(event, deps).catch((error: unknown) => error);
    const stored = store.shipments.get(ORDER_ID);
    const retry = await createShipment(event, deps);

    // Assess: the event stored by the first attempt goes out, with its eventId.
    expect(failure).toBeInstanceOf(Error);
    expect(stored?.status).toBe('LABEL_CREATED');
    expect(labels.rendered).toHaveLength(1);
    expect(retry.shipment.createdEvent).toEqual(stored?.createdEvent);
    expect(published.map((e) => e.eventId)).toEqual([stored?.createdEvent.eventId]);
  });

  it('converges on one shipment and one eventId when two deliveries of the event run at once', async () => {
    // Prepare
    const { store, labels, published, deps } = setup();
    const event = reserved();

    // Act
    const results = await Promise.all([createShipment(event, deps), createShipment(event, deps)]);

    // Assess: the loser of the conditional put finishes the winner's shipment.
    const stored = store.shipments.get(ORDER_ID);
    expect(results.map((result) => result.outcome).toSorted()).toEqual(['created', 'existing']);
    expect(results.map((result) => result.shipment.trackingNumber)).toEqual([
      stored?.trackingNumber,
      stored?.trackingNumber,
    ]);
    expect(store.shipments.size).toBe(1);
    expect(labels.stored.get(`labels/${ORDER_ID}.pdf`)?.trackingNumber).toBe(
      stored?.trackingNumber,
    );
    expect(new Set(published.map((e) => e.eventId))).toEqual(
      new Set([stored?.createdEvent.eventId]),
    );
  });

  it('prints the customs value for a parcel leaving the country and picks the carrier by zone and weight', async () => {
    // Prepare
    const { labels, published, deps } = setup();
    const event = reserved({
      lines: [{ sku: 'LAMP-DESK', name: 'Desk lamp', quantity: 2 }],
      shippingAddress: {
        name: 'Grace Hopper',
        line1: '1 Navy Way',
        city: 'Arlington',
        postalCode: '22202',
        country: 'US',
      },
      currency: 'USD',
      total: 8600,
    });

    // Act
    const { shipment } = await createShipment(event, deps);

    // Assess
    expect(shipment).toMatchObject({
      carrier: 'UPS',
      service: 'UPS Standard',
      zone: 'NORTH_AMERICA',
    });
    expect(shipment.trackingNumber).toMatch(/^1Z8W72K411\d{8}$/);
    // Friday + 5 business days
    expect(shipment.estimatedDelivery).toBe('2026-11-27');
    expect(labels.stored.get(shipment.labelKey)?.customsValue).toEqual({
      amount: 8600,
      currency: 'USD',
    });
    expect(published[0]?.data.carrier).toBe('UPS');
  });

  it('refuses an order id that cannot name a label, permanently, storing nothing', async () => {
    // Prepare
    const { store, published, deps } = setup();
    const event = reserved({}, '../../etc/passwd');

    // Act
    const failure = await createShipment(event, deps).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(UnshippableOrderError);
    expect(failure).toMatchObject({ retryable: false });
    expect(store.shipments.size).toBe(0);
    expect(published).toEqual([]);
  });
});
