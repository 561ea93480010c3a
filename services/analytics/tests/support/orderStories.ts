// Orders told as the events of their flow, built and validated by the contract library: placed,
// then confirmed (and maybe shipped) or rejected. Unit and integration tests share them.
import { randomUUID } from 'node:crypto';
import { buildEvent, exampleEventData } from '@conveyor/event-types';
import type { OrderFlowEvent } from '../../src/domain/orderFactFrom.ts';

/** One order line: its SKU, units and unit price in minor units. */
export interface StoryLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** An order's flow: when each step happened (ISO-8601 with an offset), and what it held. */
export interface OrderStory {
  readonly orderId: string;
  readonly currency: string;
  readonly lines: readonly StoryLine[];
  readonly placedAt: string;
  readonly outcome:
    | { readonly kind: 'confirmed'; readonly at: string; readonly shippedAt?: string }
    | { readonly kind: 'rejected'; readonly at: string };
}

/** The order's total in minor units. */
export const totalOf = (story: OrderStory): number =>
  story.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);

/**
 * The events of the story, in flow order: `order.placed`, then `inventory.reserved` (and
 * `shipment.created` if shipped) or `inventory.reservation-failed`. `newId` gives the event ids
 * (random by default).
 */
export const eventsOf = (story: OrderStory, newId: () => string = randomUUID): OrderFlowEvent[] => {
  const at = (instant: string) => ({ now: () => new Date(instant), newId });
  const customer = exampleEventData['order.placed']().customer;
  const shippingAddress = exampleEventData['order.placed']().shippingAddress;
  const aggregateId = story.orderId;
  const total = totalOf(story);
  const placed = buildEvent(
    {
      eventType: 'order.placed',
      version: 1,
      aggregateId,
      data: {
        customer,
        lines: story.lines.map(({ sku, quantity, unitPrice }) => ({
          sku,
          name: `Item ${sku}`,
          quantity,
          unitPrice,
          lineTotal: quantity * unitPrice,
        })),
        currency: story.currency,
        total,
        shippingAddress,
        marketingOptIn: false,
      },
    },
    at(story.placedAt),
  );
  const { outcome } = story;
  if (outcome.kind === 'rejected') {
    const [first] = story.lines;
    const sku = first?.sku ?? 'MUG-LOGO';
    const failed = buildEvent(
      {
        eventType: 'inventory.reservation-failed',
        version: 1,
        aggregateId,
        data: {
          customer,
          shortfalls: [{ sku, name: `Item ${sku}`, requested: first?.quantity ?? 1, available: 0 }],
        },
      },
      { ...at(outcome.at), causedBy: placed },
    );
    return [placed, failed];
  }
  const reserved = buildEvent(
    {
      eventType: 'inventory.reserved',
      version: 1,
      aggregateId,
      data: {
        customer,
        lines: story.lines.map(({ sku, quantity }) => ({ sku, name: `Item ${sku}`, quantity })),
        shippingAddress,
        currency: story.currency,
        total,
      },
    },
    { ...at(outcome.at), causedBy: placed },
  );
  if (outcome.shippedAt === undefined) return [placed, reserved];
  const shipped = buildEvent(
    {
      eventType: 'shipment.created',
      version: 1,
      aggregateId,
      data: { ...exampleEventData['shipment.created'](), shipmentId: `shp-${story.orderId}` },
    },
    { ...at(outcome.shippedAt), causedBy: reserved },
  );
  return [placed, reserved, shipped];
};
