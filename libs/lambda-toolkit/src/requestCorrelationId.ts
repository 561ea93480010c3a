import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const CORRELATION_ID = /^[\w.:-]{1,128}$/;

/**
 * The correlation id a request starts its flow with: the caller's `x-correlation-id` when it
 * looks like an id (anything else is replaced, not trusted), else a fresh one. Not the gateway's
 * request id, which serverless offline fixes to one value for every request.
 *
 * @example
 * ```ts
 * const correlationId = requestCorrelationId(event);
 * const result = await placeOrder({ request, correlationId }, deps);
 * ```
 */
export const requestCorrelationId = (event: APIGatewayProxyEventV2): string => {
  const given = event.headers['x-correlation-id'];
  return given !== undefined && CORRELATION_ID.test(given) ? given : randomUUID();
};
