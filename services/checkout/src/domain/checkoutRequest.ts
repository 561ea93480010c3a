import * as z from 'zod/mini';
import { isIsoCountry } from './isIsoCountry.ts';

/** Currencies the catalogue has prices in. */
export const SUPPORTED_CURRENCIES = ['EUR', 'GBP', 'USD'] as const;

const text = (max: number) =>
  z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));

// An id travels in events and comes back in URLs (marketing's GET /audience/contacts/{id}),
// where a control character cannot be sent as is.
const NO_CONTROL_CHARACTERS = /^\P{Cc}*$/u;

/** The body of `POST /checkout`. Prices are deliberately absent: they come from the catalogue. */
export const checkoutRequestSchema = z.strictObject({
  customer: z.strictObject({
    id: text(128).check(z.regex(NO_CONTROL_CHARACTERS, 'must not contain control characters')),
    email: z.email('must be a valid email address').check(z.maxLength(254)),
    name: text(200),
  }),
  lines: z
    .array(
      z.strictObject({
        sku: text(40),
        quantity: z
          .number('must be an integer from 1 to 100')
          .check(
            z.int('must be an integer from 1 to 100'),
            z.minimum(1, 'must be an integer from 1 to 100'),
            z.maximum(100, 'must be an integer from 1 to 100'),
          ),
      }),
    )
    .check(
      z.minLength(1, 'must have at least 1 line'),
      z.maxLength(50, 'must have at most 50 lines'),
      z.superRefine((lines, context) => {
        const seen = new Set<string>();
        lines.forEach((line, index) => {
          if (seen.has(line.sku)) {
            context.addIssue({
              code: 'custom',
              path: [index, 'sku'],
              message: `duplicate SKU "${line.sku}"; put it on one line`,
            });
          }
          seen.add(line.sku);
        });
      }),
    ),
  shippingAddress: z.strictObject({
    name: text(200),
    line1: text(200),
    line2: z.optional(text(200)),
    city: text(100),
    postalCode: text(20),
    country: z
      .string()
      .check(z.refine(isIsoCountry, 'must be an ISO-3166 alpha-2 country code, such as DE')),
  }),
  currency: z.enum(SUPPORTED_CURRENCIES, `must be one of ${SUPPORTED_CURRENCIES.join(', ')}`),
  marketingOptIn: z.boolean(),
});

/** A validated checkout request. */
export type CheckoutRequest = z.output<typeof checkoutRequestSchema>;
