import { buildEvent, type EventData, type OrderPlacedV1 } from '@conveyor/event-types';
import type { FindCatalogueItems } from './catalogue.ts';
import type { CheckoutRequest } from './checkoutRequest.ts';
import { orderIdForKey } from './orderIdForKey.ts';
import {
  type GetOrder,
  type MarkOrderPublished,
  type Order,
  type OrderLine,
  OrderStatuses,
  type SaveNewOrder,
} from './order.ts';
import { requestFingerprint } from './requestFingerprint.ts';

/** The ports `placeOrder` needs. */
export interface PlaceOrderDeps {
  readonly findCatalogueItems: FindCatalogueItems;
  readonly saveNewOrder: SaveNewOrder;
  readonly getOrder: GetOrder;
  readonly publishEvent: (event: OrderPlacedV1) => Promise<void>;
  readonly markOrderPublished: MarkOrderPublished;
  /** Told when publishing failed: the order stays marked unpublished for the republisher. */
  readonly onPublishFailed: (orderId: string, error: unknown) => void;
  readonly now: () => Date;
  /** A fresh random order id, for a request without an `Idempotency-Key`. */
  readonly newOrderId: () => string;
}

/** Where a request comes from. */
export interface RequestContext {
  readonly correlationId: string;
  /** The request's `Idempotency-Key`, if it has one: every attempt under it converges on one order. */
  readonly idempotencyKey?: string | undefined;
}

/** What `placeOrder` places: a validated request and where it comes from. */
export interface PlaceOrderInput extends RequestContext {
  readonly request: CheckoutRequest;
}

/** The outcome of `placeOrder`. */
export type PlaceOrderResult =
  | {
      readonly kind: 'placed';
      readonly order: Order;
      readonly published: boolean;
      /** True when an earlier attempt under the same `Idempotency-Key` had stored the order. */
      readonly alreadyPlaced: boolean;
    }
  | {
      readonly kind: 'unknown-skus';
      readonly unknown: readonly { readonly index: number; readonly sku: string }[];
    }
  | {
      readonly kind: 'unpriced';
      readonly unpriced: readonly { readonly index: number; readonly sku: string }[];
    }
  /** The `Idempotency-Key` already placed an order for a different request. */
  | { readonly kind: 'key-reused'; readonly orderId: string };

type Refusal = Exclude<PlaceOrderResult, { kind: 'placed' } | { kind: 'key-reused' }>;

/** Publishes a stored order's event unless it is known to be out, then clears the mark. */
const announce = async (
  order: Order,
  alreadyPlaced: boolean,
  deps: PlaceOrderDeps,
): Promise<PlaceOrderResult> => {
  if (!order.unpublished) return { kind: 'placed', order, published: true, alreadyPlaced };
  try {
    await deps.publishEvent(order.placedEvent);
    await deps.markOrderPublished(order.orderId);
    return {
      kind: 'placed',
      order: { ...order, unpublished: false },
      published: true,
      alreadyPlaced,
    };
  } catch (error) {
    deps.onPublishFailed(order.orderId, error);
    return { kind: 'placed', order, published: false, alreadyPlaced };
  }
};

/**
 * An order already stored under the request's key: the same request converges on it (its event
 * is published if the attempt that stored it died first); another request reused the key.
 */
const converge = (
  existing: Order,
  fingerprint: string | undefined,
  deps: PlaceOrderDeps,
): Promise<PlaceOrderResult> =>
  existing.requestFingerprint === fingerprint
    ? announce(existing, true, deps)
    : Promise.resolve({ kind: 'key-reused', orderId: existing.orderId });

const priceLines = async (
  request: CheckoutRequest,
  deps: PlaceOrderDeps,
): Promise<{ kind: 'priced'; lines: OrderLine[] } | Refusal> => {
  const items = await deps.findCatalogueItems(request.lines.map((line) => line.sku));
  const unknown = request.lines.flatMap((line, index) =>
    items.has(line.sku) ? [] : [{ index, sku: line.sku }],
  );
  if (unknown.length > 0) return { kind: 'unknown-skus', unknown };
  const unpriced = request.lines.flatMap((line, index) =>
    items.get(line.sku)?.prices[request.currency] === undefined ? [{ index, sku: line.sku }] : [],
  );
  if (unpriced.length > 0) return { kind: 'unpriced', unpriced };
  return {
    kind: 'priced',
    lines: request.lines.map((line) => {
      const item = items.get(line.sku);
      const unitPrice = item?.prices[request.currency] ?? 0;
      return {
        sku: line.sku,
        name: item?.name ?? line.sku,
        quantity: line.quantity,
        unitPrice,
        lineTotal: unitPrice * line.quantity,
      };
    }),
  };
};

/**
 * Prices a validated request from the catalogue, stores the order with its `order.placed` event,
 * then publishes the event. The order is stored first and marked unpublished, so a failed
 * publish loses nothing: the republisher sends the same event (same eventId) later.
 *
 * Under an `Idempotency-Key` the order id derives from the customer and the key, and the store
 * refuses a second order with that id, so attempts converge on one order whichever of them
 * completes: an attempt that finds the order stored answers with it (publishing its event if the
 * attempt that stored it died before), and one whose request differs gets `key-reused`. That
 * conditional put is the whole of the key's idempotency (no record of the key beside it), and the
 * stored order is read only when the put is refused, or when the catalogue now refuses a request
 * that may have been placed before it changed.
 */
export const placeOrder = async (
  { request, correlationId, idempotencyKey: key }: PlaceOrderInput,
  deps: PlaceOrderDeps,
): Promise<PlaceOrderResult> => {
  const orderId = key === undefined ? deps.newOrderId() : orderIdForKey(request.customer.id, key);
  const fingerprint = key === undefined ? undefined : requestFingerprint(request);
  // Only a key maps two attempts to one id, so only then can another attempt have stored it.
  const storedUnderKey = async (): Promise<Order | undefined> =>
    key === undefined ? undefined : deps.getOrder(orderId);
  const priced = await priceLines(request, deps);
  if (priced.kind !== 'priced') {
    // A retry answers with the stored order even if the catalogue has changed since it was placed.
    const existing = await storedUnderKey();
    return existing === undefined ? priced : converge(existing, fingerprint, deps);
  }
  const { lines } = priced;
  const total = lines.reduce((sum, line) => sum + line.lineTotal, 0);
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
    { correlationId, userId: request.customer.id, now: () => now },
  );
  const createdAt = now.toISOString();
  const order: Order = {
    orderId,
    status: OrderStatuses.Placed,
    timeline: [
      {
        status: OrderStatuses.Placed,
        at: createdAt,
        eventId: placedEvent.eventId,
        recordedAt: createdAt,
      },
    ],
    lines,
    currency: request.currency,
    total,
    createdAt,
    updatedAt: createdAt,
    placedEvent,
    unpublished: true,
    version: 1,
    ...(fingerprint === undefined ? {} : { requestFingerprint: fingerprint }),
  };
  if ((await deps.saveNewOrder(order)) === 'created') return announce(order, false, deps);

  // Refused: another attempt under the key stored it, or, without a key, this request's own put
  // did: the SDK retries a put whose answer was lost after it landed, and a fresh random id is
  // no one else's. Either way the stored order is the answer.
  const existing = await deps.getOrder(orderId);
  if (existing === undefined) throw new Error(`Order id ${orderId} is taken by no readable order`);
  return converge(existing, fingerprint, deps);
};
