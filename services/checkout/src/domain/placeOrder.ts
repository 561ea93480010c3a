import { buildEvent, type EventData, type OrderPlacedV1 } from '@conveyor/event-types';
import type { FindCatalogueItems } from './catalogue.ts';
import type { CheckoutRequest } from './checkoutRequest.ts';
import {
  type MarkOrderPublished,
  type Order,
  type OrderLine,
  OrderStatuses,
  type SaveNewOrder,
} from './order.ts';

/** The ports `placeOrder` needs. */
export interface PlaceOrderDeps {
  readonly findCatalogueItems: FindCatalogueItems;
  readonly saveNewOrder: SaveNewOrder;
  readonly publishEvent: (event: OrderPlacedV1) => Promise<void>;
  readonly markOrderPublished: MarkOrderPublished;
  /** Told when publishing failed: the order stays marked unpublished for the republisher. */
  readonly onPublishFailed: (orderId: string, error: unknown) => void;
  readonly now: () => Date;
  readonly newOrderId: () => string;
}

/** Where a request comes from, for tracing. */
export interface RequestContext {
  readonly correlationId: string;
}

/** The outcome of `placeOrder`. */
export type PlaceOrderResult =
  | { readonly kind: 'placed'; readonly order: Order; readonly published: boolean }
  | {
      readonly kind: 'unknown-skus';
      readonly unknown: readonly { readonly index: number; readonly sku: string }[];
    }
  | {
      readonly kind: 'unpriced';
      readonly unpriced: readonly { readonly index: number; readonly sku: string }[];
    };

/**
 * Prices a validated request from the catalogue, stores the order with its `order.placed` event,
 * then publishes the event. The order is stored first and marked unpublished, so a failed
 * publish loses nothing: the republisher sends the same event (same eventId) later.
 */
export const placeOrder = async (
  request: CheckoutRequest,
  context: RequestContext,
  deps: PlaceOrderDeps,
): Promise<PlaceOrderResult> => {
  const items = await deps.findCatalogueItems(request.lines.map((line) => line.sku));
  const unknown = request.lines.flatMap((line, index) =>
    items.has(line.sku) ? [] : [{ index, sku: line.sku }],
  );
  if (unknown.length > 0) return { kind: 'unknown-skus', unknown };
  const unpriced = request.lines.flatMap((line, index) =>
    items.get(line.sku)?.prices[request.currency] === undefined ? [{ index, sku: line.sku }] : [],
  );
  if (unpriced.length > 0) return { kind: 'unpriced', unpriced };

  const lines: OrderLine[] = request.lines.map((line) => {
    const item = items.get(line.sku);
    const unitPrice = item?.prices[request.currency] ?? 0;
    return {
      sku: line.sku,
      name: item?.name ?? line.sku,
      quantity: line.quantity,
      unitPrice,
      lineTotal: unitPrice * line.quantity,
    };
  });
  const total = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  const orderId = deps.newOrderId();
  const now = deps.now();
  const data: EventData<'order.placed', 1> = {
    customer: {
      customerId: request.customer.id,
      email: request.customer.email,
      name: request.customer.name,
    },
    lines,
    currency: request.currency,
    total,
    shippingAddress: request.shippingAddress,
    marketingOptIn: request.marketingOptIn,
  };
  const placedEvent = buildEvent(
    { eventType: 'order.placed', version: 1, aggregateId: orderId, data },
    { correlationId: context.correlationId, userId: request.customer.id, now: () => now },
  );
  const createdAt = now.toISOString();
  const order: Order = {
    orderId,
    status: OrderStatuses.Placed,
    timeline: [{ status: OrderStatuses.Placed, at: createdAt, eventId: placedEvent.eventId }],
    lines,
    currency: request.currency,
    total,
    createdAt,
    updatedAt: createdAt,
    placedEvent,
    unpublished: true,
    version: 1,
  };
  await deps.saveNewOrder(order);

  try {
    await deps.publishEvent(placedEvent);
    await deps.markOrderPublished(orderId);
    return { kind: 'placed', order: { ...order, unpublished: false }, published: true };
  } catch (error) {
    deps.onPublishFailed(orderId, error);
    return { kind: 'placed', order, published: false };
  }
};
