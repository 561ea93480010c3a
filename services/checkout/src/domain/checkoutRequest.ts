import * as z from 'zod/mini';
import { aggregateIdSchema, skuSchema } from '@conveyor/event-types';
import { emailAddress } from './emailAddress.ts';
import { isIsoCountry } from './isIsoCountry.ts';
import { labelPrintableText } from './labelPrintableText.ts';
import { singleLineText } from './singleLineText.ts';

/** Currencies the catalogue has prices in. */
export const SUPPORTED_CURRENCIES = ['EUR', 'GBP', 'USD'] as const;

const anEmailAddress = z.email();

const COUNTRY_MESSAGE = 'must be an ISO-3166 alpha-2 country code, such as DE';

/** The body of `POST /checkout`. Prices are deliberately absent: they come from the catalogue. */
export const checkoutRequestSchema = z.strictObject(
  {
    customer: z.strictObject(
      {
        // Trimmed, then the contract's aggregate id: the customer's own events (registered,
        // unsubscribed) carry it as their FIFO message group, which AWS refuses with a space or
        // an accented letter in it. It also comes back in URLs (GET /audience/contacts/{id}).
        // Not an email address, which many shops use as their customer id: the id is logged
        // and part of URLs, where the standards allow no full address.
        id: z
          .pipe(z.string('must be text').check(z.trim()), aggregateIdSchema)
          .check(
            z.refine(
              (id) => !z.safeParse(anEmailAddress, id.toLowerCase()).success,
              'must not be an email address: the id is logged and appears in URLs; send the address as customer.email',
            ),
          ),
        // Trimmed and lower-cased, as POST /customers does: one customer's address, one fingerprint.
        email: emailAddress(),
        name: singleLineText(200),
      },
      'must be an object with id, email and name',
    ),
    lines: z
      .array(
        z.strictObject(
          {
            // The contract's format: a lower-case or padded SKU is malformed (400), not unknown (422).
            sku: skuSchema,
            quantity: z
              .number('must be an integer from 1 to 100')
              .check(
                z.int('must be an integer from 1 to 100'),
                z.minimum(1, 'must be an integer from 1 to 100'),
                z.maximum(100, 'must be an integer from 1 to 100'),
              ),
          },
          'must be an object with sku and quantity',
        ),
        'must be an array of lines',
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
    // Printed on the shipping label, whose fonts print Western European text only.
    shippingAddress: z.strictObject(
      {
        name: labelPrintableText(200),
        line1: labelPrintableText(200),
        line2: z.optional(labelPrintableText(200)),
        city: labelPrintableText(100),
        postalCode: labelPrintableText(20),
        country: z.string(COUNTRY_MESSAGE).check(z.refine(isIsoCountry, COUNTRY_MESSAGE)),
      },
      'must be an object with name, line1, city, postalCode and country',
    ),
    currency: z.enum(SUPPORTED_CURRENCIES, `must be one of ${SUPPORTED_CURRENCIES.join(', ')}`),
    marketingOptIn: z.boolean('must be true or false'),
  },
  'must be a JSON object with customer, lines, shippingAddress, currency and marketingOptIn',
);

/** A validated checkout request. */
export type CheckoutRequest = z.output<typeof checkoutRequestSchema>;
