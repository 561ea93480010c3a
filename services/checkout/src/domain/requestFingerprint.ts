import { createHash } from 'node:crypto';
import type { CheckoutRequest } from './checkoutRequest.ts';

const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, entry]) => entry !== undefined)
        .toSorted(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, entry]) => [key, canonical(entry)]),
    );
  }
  return value;
};

/**
 * A SHA-256 of the validated request in canonical form (keys sorted), stored with an order placed
 * under an `Idempotency-Key`: a later attempt with the same fingerprint is a retry, one with
 * another fingerprint reuses the key for a different request.
 *
 * @example
 * ```ts
 * requestFingerprint(request) === order.requestFingerprint; // a retry of the same checkout
 * ```
 */
export const requestFingerprint = (request: CheckoutRequest): string =>
  createHash('sha256')
    .update(JSON.stringify(canonical(request)))
    .digest('base64url');
