import type { EventData, EventType } from './eventCatalog.ts';

const customer = {
  customerId: 'cus-1001',
  email: 'ada.lovelace@example.com',
  name: 'Ada Lovelace',
};
const shippingAddress = {
  name: 'Ada Lovelace',
  line1: '12 Analytical Row',
  city: 'London',
  postalCode: 'NW1 6XE',
  country: 'GB',
};

/**
 * A valid example payload of every event type at its newest version, for documentation and
 * tests (and `npm run sample-event`). Each call returns a fresh copy, so callers may mutate it.
 * Update it with each new version: its test checks it against the newest published one.
 *
 * @example
 * ```ts
 * const event = buildEvent({ eventType: 'order.placed', version: 1, aggregateId: 'ord-1', data: exampleEventData['order.placed']() });
 * ```
 */
export const exampleEventData = {
  'order.placed': (): EventData<'order.placed', 1> => ({
    customer: { ...customer },
    lines: [
      {
        sku: 'TSHIRT-RED-M',
        name: 'Red T-shirt (M)',
        quantity: 2,
        unitPrice: 1999,
        lineTotal: 3998,
      },
      { sku: 'MUG-LOGO', name: 'Logo mug', quantity: 1, unitPrice: 1250, lineTotal: 1250 },
    ],
    currency: 'EUR',
    total: 5248,
    shippingAddress: { ...shippingAddress },
    marketingOptIn: true,
  }),
  'inventory.reserved': (): EventData<'inventory.reserved', 1> => ({
    customer: { ...customer },
    lines: [
      { sku: 'TSHIRT-RED-M', name: 'Red T-shirt (M)', quantity: 2 },
      { sku: 'MUG-LOGO', name: 'Logo mug', quantity: 1 },
    ],
    shippingAddress: { ...shippingAddress },
    currency: 'EUR',
    total: 5248,
  }),
  'inventory.reservation-failed': (): EventData<'inventory.reservation-failed', 1> => ({
    customer: { ...customer },
    shortfalls: [{ sku: 'MUG-LOGO', name: 'Logo mug', requested: 1, available: 0 }],
  }),
  'shipment.created': (): EventData<'shipment.created', 1> => ({
    shipmentId: 'shp-1',
    carrier: 'DHL',
    trackingNumber: 'JD014600006281234567',
    estimatedDelivery: '2026-11-25',
    labelKey: 'labels/ord-1.pdf',
    customer: { ...customer },
    shippingAddress: { ...shippingAddress },
  }),
  'customer.registered': (): EventData<'customer.registered', 1> => ({
    customer: { ...customer },
    marketingOptIn: true,
  }),
  'customer.unsubscribed': (): EventData<'customer.unsubscribed', 1> => ({
    customerId: customer.customerId,
  }),
  // A new event type missing here fails the typecheck on this line, naming it.
} as const satisfies Readonly<Record<EventType, () => unknown>>;
