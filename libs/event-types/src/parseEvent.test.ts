import { describe, expect, it } from 'vitest';
import { buildEvent } from './buildEvent.ts';
import { EventValidationError } from './errors.ts';
import { exampleEventData } from './exampleEventData.ts';
import { parseEvent } from './parseEvent.ts';

const validOrderPlaced = () =>
  buildEvent(
    {
      eventType: 'order.placed',
      version: 1,
      aggregateId: 'ord-1',
      data: exampleEventData['order.placed'](),
    },
    { correlationId: 'corr-1' },
  );

const issuesOf = (input: unknown) => {
  const result = parseEvent(input);
  if (result.success) throw new Error('expected a failure');
  expect(result.error).toBeInstanceOf(EventValidationError);
  return result.error.issues;
};

describe('parseEvent', () => {
  it.each(Object.keys(exampleEventData) as (keyof typeof exampleEventData)[])(
    'accepts a valid %s from a JSON string',
    (eventType) => {
      // Prepare
      const event = buildEvent({
        eventType,
        version: 1,
        aggregateId: 'ord-1',
        data: exampleEventData[eventType](),
      });

      // Act
      const result = parseEvent(JSON.stringify(event));

      // Assess
      expect(result).toEqual({ success: true, event });
    },
  );

  it('narrows on eventType and version', () => {
    // Prepare
    const input = validOrderPlaced();

    // Act
    const result = parseEvent(input);

    // Assess
    expect(result.success).toBe(true);
    if (result.success && result.event.eventType === 'order.placed') {
      expect(result.event.data.lines[0]?.sku).toBe('TSHIRT-RED-M');
    } else {
      throw new Error('expected order.placed v1');
    }
  });

  it('reports non-JSON input without throwing', () => {
    // Act
    const issues = issuesOf('{"eventType": ');

    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: '$', code: 'invalid_json' });
  });

  it.each([
    ['short', 'ada@example.com', "not valid JSON (Unexpected token 'a')"],
    [
      'long',
      '{"email":ada.lovelace@example.com,"address":"12 Main St"}',
      "not valid JSON (Unexpected token 'a')",
    ],
    [
      'a misplaced character',
      '{"email":"ada@example.com",}',
      'not valid JSON (Expected double-quoted property name in JSON at position 27 (line 1 column 28))',
    ],
  ])('does not quote a %s non-JSON body in its issue', (_label, body, expected) => {
    // Act
    const result = parseEvent(body);

    // Assess
    expect(result.success ? [] : result.error.issues.map((issue) => issue.message)).toEqual([
      expected,
    ]);
    expect(JSON.stringify(result)).not.toMatch(/ada|lovelace|Main St/);
    expect(result.success ? 'parsed' : result.error.cause).toBeUndefined();
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['an array', []],
    ['a JSON string of an array', '[1,2]'],
  ])('reports %s as not an event object', (_label, input) => {
    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues[0]).toMatchObject({ path: '$', code: 'invalid_type' });
    expect(issues[0]?.message).toMatch(/expected an event object/);
  });

  it('reports an unknown event type and lists the known ones', () => {
    // Prepare
    const input = { ...validOrderPlaced(), eventType: 'order.exploded' };

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual([
      expect.objectContaining({ path: '$.eventType', code: 'unknown_event_type' }),
    ]);
    expect(issues[0]?.message).toContain('order.placed');
  });

  it('reports a missing event type', () => {
    // Prepare
    const { eventType: _omitted, ...input } = validOrderPlaced();

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual([expect.objectContaining({ path: '$.eventType', code: 'missing' })]);
  });

  it('reports an unpublished version', () => {
    // Prepare
    const input = { ...validOrderPlaced(), version: 7 };

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual([
      expect.objectContaining({ path: '$.version', code: 'unknown_version' }),
    ]);
    expect(issues[0]?.message).toBe('unsupported version 7 of order.placed; published: 1');
  });

  it('reports wrong types with their JSON paths and what was found', () => {
    // Prepare
    const event = validOrderPlaced();
    const input = {
      ...event,
      data: { ...event.data, total: '52.48', lines: [{ ...event.data.lines[0], quantity: 1.5 }] },
    };

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '$.data.total', code: 'invalid_type', message: 'expected number, got string' },
        expect.objectContaining({ path: '$.data.lines[0].quantity' }),
      ]),
    );
  });

  it("words zod's own checks in English, not as a bare 'Invalid input'", () => {
    // Prepare: zod/mini loads no locale; parseEvent.ts sets English
    const event = validOrderPlaced();
    const input = { ...event, data: { ...event.data, lines: [] } };

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual([
      {
        path: '$.data.lines',
        code: 'too_small',
        message: 'Too small: expected array to have >=1 items',
      },
    ]);
  });

  it('reports every missing field, not only the first', () => {
    // Prepare
    const event = validOrderPlaced();
    const { customer: _c, currency: _cur, ...data } = event.data;
    const input = { ...event, data };

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues.map((issue) => [issue.path, issue.code])).toEqual(
      expect.arrayContaining([
        ['$.data.customer', 'missing'],
        ['$.data.currency', 'missing'],
      ]),
    );
  });

  it('rejects unexpected fields at the top level of the envelope, naming each', () => {
    // Prepare
    const input = { ...validOrderPlaced(), junk: 1, 'odd key': true };

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual([
      { path: '$.junk', code: 'unrecognized_key', message: 'unexpected field "junk"' },
      { path: '$["odd key"]', code: 'unrecognized_key', message: 'unexpected field "odd key"' },
    ]);
  });

  it('tolerates unknown fields inside data, so producers can add optional fields', () => {
    // Prepare
    const event = validOrderPlaced();
    const input = { ...event, data: { ...event.data, giftWrap: true } };

    // Act
    const result = parseEvent(input);

    // Assess
    expect(result.success).toBe(true);
  });

  it('rejects a float amount of money', () => {
    // Prepare
    const event = validOrderPlaced();
    const input = { ...event, data: { ...event.data, total: 52.48 } };

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues[0]?.path).toBe('$.data.total');
  });

  it.each([
    undefined,
    '',
    'null',
    '"text"',
    '{}',
    '{"eventType":"order.placed"}',
    '{"eventType":1}',
    true,
  ])('never throws on %j', (input) => {
    // Act
    const act = () => parseEvent(input);

    // Assess
    expect(act).not.toThrow();
    expect(parseEvent(input).success).toBe(false);
  });
});
