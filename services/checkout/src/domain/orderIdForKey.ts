import { createHash } from 'node:crypto';

// Checkout's own UUIDv5 namespace for order ids. Never change it: ids already issued derive from it.
const ORDER_ID_NAMESPACE = Buffer.from('5257195e9a5c4f098d329f14acbea131', 'hex');

/**
 * The order id for a request sent with an `Idempotency-Key`: a name-based UUIDv5 (RFC 9562) of
 * the customer and the key, so every attempt under that key, whichever completes, writes the
 * same order, and one customer's key never lands on another customer's order.
 *
 * @example
 * ```ts
 * orderIdForKey('cus-42', 'client-key-1'); // the same UUID on every call
 * ```
 */
export const orderIdForKey = (customerId: string, idempotencyKey: string): string => {
  const hash = createHash('sha1')
    .update(ORDER_ID_NAMESPACE)
    .update(JSON.stringify([customerId, idempotencyKey]))
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
