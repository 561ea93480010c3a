import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type HttpResponse, problemResponse } from './http.ts';

/** The `Idempotency-Key` header of a request: absent or valid, or refused with its 400 answer. */
export type IdempotencyKeyHeader =
  | { readonly valid: true; readonly key: string | undefined }
  | { readonly valid: false; readonly response: HttpResponse };

// Visible ASCII but the comma: API Gateway joins a repeated header's values with one, so two
// keys in one request would read as a third, valid key.
const KEY_PATTERN = /^[\x21-\x2b\x2d-\x7e]{1,255}$/;

/**
 * Reads a request's `Idempotency-Key` header (any case): 1 to 255 visible ASCII characters other
 * than a comma, or absent. It keeps no record of the key: the handler makes its own writes converge on it, for
 * example with an id derived from the key and a conditional put, which is what makes a retry
 * safe even after the attempt before it timed out or died midway
 * (docs/decisions/checkout-idempotency-key-converges-on-one-order.md).
 *
 * @example
 * ```ts
 * const header = idempotencyKeyOf(event);
 * if (!header.valid) return header.response;
 * const orderId = header.key === undefined ? randomUUID() : orderIdForKey(customerId, header.key);
 * ```
 */
export const idempotencyKeyOf = (event: APIGatewayProxyEventV2): IdempotencyKeyHeader => {
  const key = Object.entries(event.headers).find(
    ([name]) => name.toLowerCase() === 'idempotency-key',
  )?.[1];
  if (key === undefined) return { valid: true, key: undefined };
  if (!KEY_PATTERN.test(key)) {
    return {
      valid: false,
      response: problemResponse(400, {
        detail:
          'Idempotency-Key must be one key of 1 to 255 visible ASCII characters, without a comma',
        errors: [{ header: 'Idempotency-Key', detail: 'invalid Idempotency-Key header' }],
      }),
    };
  }
  return { valid: true, key };
};
