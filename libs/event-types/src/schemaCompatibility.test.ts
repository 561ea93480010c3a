import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { orderPlacedV1 } from './events/orderPlacedV1.ts';
import { findBreakingChanges, toJsonSchema } from './schemaCompatibility.ts';

const published = toJsonSchema(orderPlacedV1);

/** Rebuilds order.placed v1 with an edited `data` schema, as a careless edit would. */
const withData = (edit: (data: (typeof orderPlacedV1)['shape']['data']) => z.ZodMiniType) =>
  toJsonSchema(z.extend(orderPlacedV1, { data: edit(orderPlacedV1.shape.data) }));

describe('findBreakingChanges', () => {
  it('finds nothing between identical schemas', () => {
    // Act
    const breaks = findBreakingChanges(published, toJsonSchema(orderPlacedV1));

    // Assess
    expect(breaks).toEqual([]);
  });

  it('passes an added optional field', () => {
    // Prepare
    const next = withData((data) => z.extend(data, { giftMessage: z.optional(z.string()) }));

    // Act
    const breaks = findBreakingChanges(published, next);

    // Assess
    expect(breaks).toEqual([]);
  });

  it('passes an added enum value', () => {
    // Prepare
    const previous = toJsonSchema(z.object({ carrier: z.enum(['DHL', 'UPS']) }));
    const next = toJsonSchema(z.object({ carrier: z.enum(['DHL', 'UPS', 'GLS']) }));

    // Act
    const breaks = findBreakingChanges(previous, next);

    // Assess
    expect(breaks).toEqual([]);
  });

  it('fails a removed field', () => {
    // Prepare
    const next = withData((data) => z.omit(data, { marketingOptIn: true }));

    // Act
    const breaks = findBreakingChanges(published, next);

    // Assess
    expect(breaks).toEqual([
      { path: '$.data.marketingOptIn', kind: 'removed', message: 'field removed or renamed' },
    ]);
  });

  it('fails a renamed nested field as a removal plus a new required field', () => {
    // Prepare
    const next = withData((data) =>
      z.extend(data, {
        customer: z.extend(z.omit(data.shape.customer, { email: true }), {
          emailAddress: z.email(),
        }),
      }),
    );

    // Act
    const breaks = findBreakingChanges(published, next);

    // Assess
    expect(breaks.map((b) => [b.path, b.kind])).toEqual([
      ['$.data.customer.email', 'removed'],
      ['$.data.customer.emailAddress', 'now-required'],
    ]);
  });

  it('fails a changed type, also inside array items', () => {
    // Prepare
    const next = withData((data) =>
      z.extend(data, {
        total: z.string(),
        lines: z.array(z.extend(data.shape.lines.def.element, { quantity: z.string() })),
      }),
    );

    // Act
    const breaks = findBreakingChanges(published, next);

    // Assess
    expect(breaks.map((b) => [b.path, b.kind])).toEqual(
      expect.arrayContaining([
        ['$.data.total', 'type-changed'],
        ['$.data.lines[].quantity', 'type-changed'],
      ]),
    );
  });

  it('fails a new required field', () => {
    // Prepare
    const next = withData((data) => z.extend(data, { channel: z.string() }));

    // Act
    const breaks = findBreakingChanges(published, next);

    // Assess
    expect(breaks).toEqual([
      { path: '$.data.channel', kind: 'now-required', message: 'new required field' },
    ]);
  });

  it('fails an optional field that became required', () => {
    // Prepare
    const next = withData((data) =>
      z.extend(data, {
        shippingAddress: z.extend(data.shape.shippingAddress, { line2: z.string() }),
      }),
    );

    // Act
    const breaks = findBreakingChanges(published, next);

    // Assess
    expect(breaks).toEqual([
      {
        path: '$.data.shippingAddress.line2',
        kind: 'now-required',
        message: 'optional field became required',
      },
    ]);
  });

  it('fails a removed enum value', () => {
    // Prepare
    const previous = toJsonSchema(z.object({ carrier: z.enum(['DHL', 'UPS']) }));
    const next = toJsonSchema(z.object({ carrier: z.enum(['DHL']) }));

    // Act
    const breaks = findBreakingChanges(previous, next);

    // Assess
    expect(breaks).toEqual([
      { path: '$.carrier', kind: 'enum-value-removed', message: 'enum value "UPS" removed' },
    ]);
  });

  it('fails a changed constant such as the version', () => {
    // Prepare
    const next = toJsonSchema(z.extend(orderPlacedV1, { version: z.literal(2) }));

    // Act
    const breaks = findBreakingChanges(published, next);

    // Assess
    expect(breaks).toEqual([expect.objectContaining({ path: '$.version', kind: 'const-changed' })]);
  });
});
