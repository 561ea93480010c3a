import { jsonResponse, makeHttpHandler, problemResponse } from '@conveyor/lambda-toolkit';
import { getOrderDeps } from '../compositionRoot.ts';

const deps = getOrderDeps();
// v4 (random) without an Idempotency-Key, v5 (derived from it) with one.
const ORDER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** `GET /orders/{orderId}`: status, timeline, lines and totals. No customer data. */
export const handler = makeHttpHandler({
  logger: deps.logger,
  tracer: deps.tracer,
  handle: async (event) => {
    const orderId = event.pathParameters?.orderId ?? '';
    if (!ORDER_ID.test(orderId)) {
      return problemResponse(400, {
        detail: 'orderId must be a lower-case UUID, as returned by POST /checkout',
        errors: [{ parameter: 'orderId', detail: `malformed orderId "${orderId.slice(0, 64)}"` }],
      });
    }
    const order = await deps.getOrder(orderId);
    if (order === undefined) return problemResponse(404, { detail: `No order ${orderId}` });
    return jsonResponse(200, {
      orderId: order.orderId,
      status: order.status,
      timeline: order.timeline,
      lines: order.lines,
      total: { amount: order.total, currency: order.currency },
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
    });
  },
});
