import * as z from 'zod/mini';

const INVALID_EMAIL = 'must be a valid email address';

/**
 * An email address as checkout takes it, in `POST /checkout` and `POST /customers` alike: trimmed
 * and lower-cased before it is checked, so `Ada@Example.com ` and `ada@example.com` are one
 * registration, and one request when an `Idempotency-Key` is retried; at most 254 characters.
 *
 * @example
 * ```ts
 * z.parse(emailAddress(), ' Ada@Example.com'); // 'ada@example.com'
 * ```
 */
export const emailAddress = () =>
  z.pipe(
    z
      .string(INVALID_EMAIL)
      .check(z.trim(), z.toLowerCase(), z.maxLength(254, 'must be at most 254 characters')),
    z.email(INVALID_EMAIL),
  );
