import { describe, expect, it } from 'vitest';
import { checkoutRequestSchema } from './checkoutRequest.ts';
import { isIsoCountry } from './isIsoCountry.ts';
import { requestFingerprint } from './requestFingerprint.ts';

const valid = () => ({
  customer: { id: 'cus-1', email: 'ada@example.com', name: 'Ada' },
  lines: [{ sku: 'MUG-LOGO', quantity: 1 }],
  shippingAddress: {
    name: 'Ada',
    line1: '1 Row',
    city: 'London',
    postalCode: 'NW1',
    country: 'GB',
  },
  currency: 'EUR',
  marketingOptIn: false,
});

const pathsOf = (input: unknown) => {
  const result = checkoutRequestSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('/'));
};

describe('checkoutRequestSchema', () => {
  it('accepts a valid request', () => {
    // Act
    const result = checkoutRequestSchema.safeParse(valid());

    // Assess
    expect(result.success).toBe(true);
  });

  it('trims and lower-cases the email, as POST /customers does, so a retry in another case is the same request', () => {
    // Prepare
    const shouted = { ...valid(), customer: { ...valid().customer, email: ' Ada@Example.COM ' } };

    // Act
    const parsed = checkoutRequestSchema.parse(shouted);

    // Assess
    expect(parsed.customer.email).toBe('ada@example.com');
    expect(requestFingerprint(parsed)).toBe(
      requestFingerprint(checkoutRequestSchema.parse(valid())),
    );
  });

  it.each([
    ['a quantity of 0', { lines: [{ sku: 'MUG-LOGO', quantity: 0 }] }, 'lines/0/quantity'],
    ['a quantity of 101', { lines: [{ sku: 'MUG-LOGO', quantity: 101 }] }, 'lines/0/quantity'],
    ['a fractional quantity', { lines: [{ sku: 'MUG-LOGO', quantity: 1.5 }] }, 'lines/0/quantity'],
    ['no lines', { lines: [] }, 'lines'],
    [
      '51 lines',
      { lines: Array.from({ length: 51 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 })) },
      'lines',
    ],
    [
      'a duplicate SKU',
      {
        lines: [
          { sku: 'A1', quantity: 1 },
          { sku: 'A1', quantity: 2 },
        ],
      },
      'lines/1/sku',
    ],
    [
      'a client-supplied price',
      { lines: [{ sku: 'MUG-LOGO', quantity: 1, unitPrice: 1 }] },
      'lines/0',
    ],
    ['an unsupported currency', { currency: 'JPY' }, 'currency'],
    [
      'a customer id with a control character',
      { customer: { id: 'cus\tTAB', email: 'ada@example.com', name: 'Ada' } },
      'customer/id',
    ],
    [
      'a customer name with a NUL and an escape sequence',
      { customer: { id: 'cus-1', email: 'ada@example.com', name: 'Bob\u0000\u001b[31m' } },
      'customer/name',
    ],
  ])('rejects %s', (_label, change, path) => {
    // Act
    const paths = pathsOf({ ...valid(), ...change });

    // Assess
    expect(paths).toContain(path);
  });

  it.each([
    ['a lower-case SKU', { lines: [{ sku: 'mug-logo', quantity: 1 }] }, 'lines/0/sku'],
    ['a SKU with a space around it', { lines: [{ sku: ' MUG-LOGO', quantity: 1 }] }, 'lines/0/sku'],
    ['a SKU of 41 characters', { lines: [{ sku: 'A'.repeat(41), quantity: 1 }] }, 'lines/0/sku'],
  ])("rejects %s as malformed, in the contract's words", (_label, change, path) => {
    // Act
    const result = checkoutRequestSchema.safeParse({ ...valid(), ...change });

    // Assess
    expect(result.error?.issues.map((issue) => [issue.path.join('/'), issue.message])).toEqual([
      [
        path,
        'expected 2 to 40 upper-case letters, digits or dashes, not starting with a dash, such as TSHIRT-RED-M',
      ],
    ]);
  });

  it.each([
    ['a space', 'cus 42'],
    ['an accented letter', 'zoë'],
    ['129 characters', 'c'.repeat(129)],
  ])(
    'rejects a customer id with %s, which AWS refuses as the FIFO message group of its events',
    (_label, id) => {
      // Prepare
      const input = valid();

      // Act
      const result = checkoutRequestSchema.safeParse({
        ...input,
        customer: { ...input.customer, id },
      });

      // Assess
      expect(result.error?.issues.map((issue) => [issue.path.join('/'), issue.message])).toEqual([
        [
          'customer/id',
          'expected 1 to 128 letters, digits or ASCII punctuation, with no spaces, such as cus-42',
        ],
      ]);
    },
  );

  it('trims a customer id, and takes ASCII punctuation in it', () => {
    // Prepare
    const input = valid();

    // Act
    const result = checkoutRequestSchema.safeParse({
      ...input,
      customer: { ...input.customer, id: ' crm:42/eu#1 ' },
    });

    // Assess
    expect(result.data?.customer.id).toBe('crm:42/eu#1');
  });

  it('says what a consent or a long name must be, not what zod expected', () => {
    // Prepare
    const input = valid();

    // Act
    const result = checkoutRequestSchema.safeParse({
      ...input,
      customer: { ...input.customer, name: 'A'.repeat(201) },
      marketingOptIn: 'yes',
    });

    // Assess
    expect(result.error?.issues.map((issue) => [issue.path.join('/'), issue.message])).toEqual([
      ['customer/name', 'must be at most 200 characters'],
      ['marketingOptIn', 'must be true or false'],
    ]);
  });

  it('says what each part must be when it has the wrong type, naming no zod internals', () => {
    // Act
    const result = checkoutRequestSchema.safeParse({
      customer: 'ada',
      lines: [{ sku: 5, quantity: 1 }, 'MUG-LOGO'],
      shippingAddress: { name: 7, line1: '1 Row', city: 'London', postalCode: 'NW1', country: 49 },
      currency: 'EUR',
      marketingOptIn: false,
    });
    const top = checkoutRequestSchema.safeParse([]);

    // Assess
    expect(result.error?.issues.map((issue) => [issue.path.join('/'), issue.message])).toEqual([
      ['customer', 'must be an object with id, email and name'],
      [
        'lines/0/sku',
        'expected 2 to 40 upper-case letters, digits or dashes, not starting with a dash, such as TSHIRT-RED-M',
      ],
      ['lines/1', 'must be an object with sku and quantity'],
      ['shippingAddress/name', 'must be text'],
      ['shippingAddress/country', 'must be an ISO-3166 alpha-2 country code, such as DE'],
    ]);
    expect(top.error?.issues.map((issue) => issue.message)).toEqual([
      'must be a JSON object with customer, lines, shippingAddress, currency and marketingOptIn',
    ]);
  });

  it.each(['name', 'line1', 'line2', 'city', 'postalCode'])(
    'rejects an address %s with a line break or a bell',
    (field) => {
      // Prepare
      const input = valid();

      // Act
      const paths = pathsOf({
        ...input,
        shippingAddress: { ...input.shippingAddress, [field]: '1 Navy\nWay\u0007' },
      });

      // Assess
      expect(paths).toEqual([`shippingAddress/${field}`]);
    },
  );

  it('says why a control character is refused, and still trims the spaces and line breaks around a value', () => {
    // Prepare
    const input = valid();

    // Act
    const refused = checkoutRequestSchema.safeParse({
      ...input,
      customer: { ...input.customer, name: 'Zo\u0085e' },
    });
    const trimmed = checkoutRequestSchema.safeParse({
      ...input,
      shippingAddress: { ...input.shippingAddress, city: ' London\n' },
    });

    // Assess
    expect(refused.error?.issues.map((issue) => issue.message)).toEqual([
      'must not contain control characters (line breaks, tabs, line separators, bidirectional controls)',
    ]);
    expect(trimmed.data?.shippingAddress.city).toBe('London');
  });

  it.each([
    ['a line separator', 'line1', '991 Probe Street\u2028FAKE LINE'],
    ['a paragraph separator', 'city', 'Lon\u2029don'],
    ['a right-to-left override', 'name', 'Zed \u202eeborP'],
    ['a left-to-right isolate', 'line1', '1 \u2066Navy Way'],
  ])('refuses %s in a single-line field', (_, field, value) => {
    // Prepare
    const input = valid();
    const changed =
      field === 'name'
        ? { ...input, customer: { ...input.customer, name: value } }
        : { ...input, shippingAddress: { ...input.shippingAddress, [field]: value } };

    // Act
    const paths = pathsOf(changed);

    // Assess
    expect(paths).toEqual([field === 'name' ? 'customer/name' : `shippingAddress/${field}`]);
  });

  it('refuses address text the shipping label cannot print, naming the characters, and takes any Latin text', () => {
    // Prepare
    const input = valid();
    const address = (changes: Record<string, string>) => ({
      ...input,
      shippingAddress: { ...input.shippingAddress, ...changes },
    });

    // Act
    const foreign = checkoutRequestSchema.safeParse(
      address({ name: 'Zoë 渡辺 🚀', line1: 'Straße 5 ✓' }),
    );
    const latin = checkoutRequestSchema.safeParse(
      address({ name: 'Zoë Œuvre-Łukasiewicz', line1: 'Rua São João, 5º – “Casa”', city: 'Łódź' }),
    );
    const decomposed = checkoutRequestSchema.safeParse(address({ city: 'Zu\u0308rich' }));
    const emojiCustomer = checkoutRequestSchema.safeParse({
      ...input,
      customer: { ...input.customer, name: 'Zoë 渡辺 🚀' },
    });

    // Assess
    expect(foreign.error?.issues.map((issue) => [issue.path.join('/'), issue.message])).toEqual([
      [
        'shippingAddress/name',
        'has characters the shipping label cannot print: "渡" (U+6E21), "辺" (U+8FBA), "🚀" (U+1F680); write the address in Latin letters',
      ],
      [
        'shippingAddress/line1',
        'has characters the shipping label cannot print: "✓" (U+2713); write the address in Latin letters',
      ],
    ]);
    expect(latin.success).toBe(true);
    // Stored composed, as every other request types it.
    expect(decomposed.data?.shippingAddress.city).toBe('Zürich');
    // The customer's own name goes to mails, which print any script.
    expect(emojiCustomer.success).toBe(true);
  });

  it('refuses a name that shows nothing, and keeps an emoji joined by a zero-width joiner', () => {
    // Prepare
    const input = valid();

    // Act
    const invisible = checkoutRequestSchema.safeParse({
      ...input,
      customer: { ...input.customer, name: '\u200b\u00a0' },
    });
    const family = checkoutRequestSchema.safeParse({
      ...input,
      customer: { ...input.customer, name: 'Ada \u{1F469}\u200d\u{1F467}' },
    });

    // Assess
    expect(invisible.error?.issues.map((issue) => issue.message)).toEqual([
      'must not be empty (it holds only spaces or invisible characters)',
    ]);
    expect(family.success).toBe(true);
  });

  it('refuses an email address as the customer id: the id is logged and is part of URLs', () => {
    // Prepare
    const input = valid();

    // Act
    const refused = checkoutRequestSchema.safeParse({
      ...input,
      customer: { ...input.customer, id: 'Zq-Probe-7781@Example.org' },
    });
    const withAt = checkoutRequestSchema.safeParse({
      ...input,
      customer: { ...input.customer, id: 'crm:42@eu' },
    });

    // Assess
    expect(refused.error?.issues.map((issue) => [issue.path.join('/'), issue.message])).toEqual([
      [
        'customer/id',
        'must not be an email address: the id is logged and appears in URLs; send the address as customer.email',
      ],
    ]);
    expect(withAt.success).toBe(true);
  });

  it('rejects an invalid email and country code', () => {
    // Prepare
    const input = valid();

    // Act
    const paths = pathsOf({
      ...input,
      customer: { ...input.customer, email: 'not-an-email' },
      shippingAddress: { ...input.shippingAddress, country: 'UK' },
    });

    // Assess
    expect(paths.toSorted()).toEqual(['customer/email', 'shippingAddress/country']);
  });
});

describe('isIsoCountry', () => {
  it.each(['DE', 'GB', 'US', 'FR', 'JP', 'BR', 'SS', 'AQ'])('accepts %s', (code) => {
    // Act / Assess
    expect(isIsoCountry(code)).toBe(true);
  });

  it.each(['UK', 'EU', 'XK', 'ZZ', 'de', 'DEU', '', 'D1'])('rejects %s', (code) => {
    // Act / Assess
    expect(isIsoCountry(code)).toBe(false);
  });
});
