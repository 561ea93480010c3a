import {
  type HttpResponse,
  idempotencyKeyOf,
  jsonResponse,
  makeHttpHandler,
  parseJsonRequest,
  problemResponse,
  type RequestContext,
} from '@conveyor/lambda-toolkit';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { postCheckoutDeps } from '../compositionRoot.ts';
import { checkoutRequestSchema } from '../domain/checkoutRequest.ts';
import { OrderStatuses } from '../domain/order.ts';
import { placeOrder } from '../domain/placeOrder.ts';

const deps = postCheckoutDeps();

const checkout = async (
  event: APIGatewayProxyEventV2,
  idempotencyKey: string | undefined,
  { logger, correlationId }: RequestContext,
): Promise<HttpResponse> => {
  const request = parseJsonRequest(event, checkoutRequestSchema);
  if (!request.success) return request.response;
  // On every line from here, a failure's too. As the customer's own events log it:
  // `npm run trace -- <customerId>` lists its orders.
  logger.appendKeys({ customerId: request.value.customer.id });
  const result = await placeOrder(
    { request: request.value, correlationId, idempotencyKey },
    deps.placeOrderDeps,
  );
  switch (result.kind) {
    case 'key-reused':
      logger.warn('Idempotency-Key reused for a different request', {
        orderId: result.orderId,
        correlationId,
      });
      return problemResponse(422, {
        detail: 'This Idempotency-Key was already used with a different request',
      });
    case 'unknown-skus':
      return problemResponse(422, {
        detail: `Unknown SKUs: ${result.unknown.map((line) => line.sku).join(', ')}`,
        errors: result.unknown.map((line) => ({
          pointer: `/lines/${line.index}/sku`,
          detail: `unknown SKU "${line.sku}"`,
        })),
      });
    case 'unpriced':
      return problemResponse(422, {
        detail: `Not sold in ${request.value.currency}: ${result.unpriced.map((line) => line.sku).join(', ')}`,
        errors: result.unpriced.map((line) => ({
          pointer: `/lines/${line.index}/sku`,
          detail: `"${line.sku}" has no price in ${request.value.currency}`,
        })),
      });
    case 'placed': {
      const { order } = result;
      // A retry answers with the order's own correlation id, the one its events carry.
      const orderCorrelationId = order.placedEvent.metadata.correlationId;
      // Without a key, "already placed" is this request's own put, retried by the SDK after its
      // answer was lost: the order was placed now.
      const underKey = result.alreadyPlaced && idempotencyKey !== undefined;
      logger.info(
        underKey
          ? 'Order already placed under this Idempotency-Key; answering with it'
          : 'Order placed',
        {
          orderId: order.orderId,
          correlationId: orderCorrelationId,
          eventId: order.placedEvent.eventId,
          published: result.published,
          ...(result.alreadyPlaced && !underKey ? { foundAfterRetriedWrite: true } : {}),
        },
      );
      return jsonResponse(
        201,
        {
          orderId: order.orderId,
          // The answer to placing it, the same for every attempt under one key, even once the
          // order has moved on (GET /orders/{orderId} tells where it is now).
          status: OrderStatuses.Placed,
          total: { amount: order.total, currency: order.currency },
        },
        { location: `/orders/${order.orderId}`, 'x-correlation-id': orderCorrelationId },
      );
    }
  }
};

/**
 * `POST /checkout`: validates, prices, stores and announces an order. Under an
 * `Idempotency-Key` every attempt converges on one order through the orders table alone (see
 * placeOrder): no record of the key is kept, so a refused request does not use it up and a retry
 * never waits for an attempt in progress.
 */
export const handler = makeHttpHandler({
  logger: deps.logger,
  tracer: deps.tracer,
  handle: async (event, context) => {
    const header = idempotencyKeyOf(event);
    return header.valid ? checkout(event, header.key, context) : header.response;
  },
});
