import * as z from 'zod/mini';

/** An amount of money in integer minor units (cents, pence), never a float. */
export const minorUnitsSchema = z
  .number()
  .check(z.int(), z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER));

/** An ISO-4217 currency code in upper case, such as `EUR`. */
export const currencySchema = z
  .string()
  .check(z.regex(/^[A-Z]{3}$/, 'expected an ISO-4217 code such as EUR'));

const SKU_MESSAGE =
  'expected 2 to 40 upper-case letters, digits or dashes, not starting with a dash, such as TSHIRT-RED-M';

/** A stock-keeping unit code. */
export const skuSchema = z
  .string(SKU_MESSAGE)
  .check(z.regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, SKU_MESSAGE));

const AGGREGATE_ID_MESSAGE =
  'expected 1 to 128 letters, digits or ASCII punctuation, with no spaces, such as cus-42';

/**
 * The id of what an event is about (an order, a customer), which is also its FIFO message group
 * id: SNS and SQS take 1 to 128 ASCII letters, digits and punctuation there, and refuse a space,
 * an accented letter or a longer id. An id that becomes an aggregate id must keep to it.
 *
 * @example
 * ```ts
 * aggregateIdSchema.parse('cus-42'); // 'cus-42'
 * aggregateIdSchema.safeParse('Zoë Müller').success; // false
 * ```
 */
export const aggregateIdSchema = z
  .string(AGGREGATE_ID_MESSAGE)
  .check(z.regex(/^[!-~]{1,128}$/, AGGREGATE_ID_MESSAGE));

/** Who placed the order, with what the notifying services need to reach them. */
export const customerSchema = z.object({
  /** The customer's stable id; the aggregate id of the customer's own events. */
  customerId: aggregateIdSchema,
  /** Where notifications go. Personal data: mask it in logs. */
  email: z.email(),
  /** Full name used in greetings and on the label. Personal data. */
  name: z.string().check(z.minLength(1), z.maxLength(200)),
});

/** A postal address. Personal data: mask it in logs. */
export const addressSchema = z.object({
  /** Recipient's name as printed on the label. */
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  /** Street and number. */
  line1: z.string().check(z.minLength(1), z.maxLength(200)),
  /** Flat, floor, company. */
  line2: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** City or town. */
  city: z.string().check(z.minLength(1), z.maxLength(100)),
  /** Postal or ZIP code. */
  postalCode: z.string().check(z.minLength(1), z.maxLength(20)),
  /** ISO-3166 alpha-2 country code in upper case, such as `DE`. */
  country: z.string().check(z.regex(/^[A-Z]{2}$/, 'expected an ISO-3166 alpha-2 code such as DE')),
});

/** A priced order line, as checkout's catalogue priced it. */
export const orderLineSchema = z.object({
  /** The item's SKU. */
  sku: skuSchema,
  /** Display name of the item at the time of the order. */
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  /** Units ordered, 1 to 100. */
  quantity: z.number().check(z.int(), z.minimum(1), z.maximum(100)),
  /** Price of one unit in minor units of the order's currency. */
  unitPrice: minorUnitsSchema,
  /** `quantity × unitPrice` in minor units. */
  lineTotal: minorUnitsSchema,
});
