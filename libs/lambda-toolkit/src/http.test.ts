import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { httpEvent } from '../tests/fixtures/httpFixtures.ts';
import { jsonResponse, parseJsonRequest, problemResponse, toJsonPointer } from './http.ts';

const schema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  lines: z
    .array(
      z.strictObject({
        sku: z.string(),
        quantity: z.number().check(z.int(), z.minimum(1), z.maximum(100)),
      }),
    )
    .check(z.maxLength(2)),
});

const problemOf = (response: { statusCode: number; headers?: unknown; body: string }) => {
  expect(response.headers).toEqual({ 'content-type': 'application/problem+json' });
  return JSON.parse(response.body) as {
    status: number;
    detail?: string;
    errors?: { pointer: string; detail: string }[];
  };
};

describe('parseJsonRequest', () => {
  it('makes one entry of two checks of one field that fail with the same message', () => {
    // Prepare
    const range = 'must be an integer from 1 to 100';
    const ranged = z.strictObject({
      quantity: z.number().check(z.int(range), z.minimum(1, range), z.maximum(100, range)),
      name: z.string().check(z.minLength(2, 'too short'), z.regex(/^[A-Z]/, 'must be capitalised')),
    });
    const event = httpEvent(JSON.stringify({ quantity: 1e30, name: 'a' }), {
      'content-type': 'application/json',
    });

    // Act
    const result = parseJsonRequest(event, ranged);

    // Assess
    if (result.success) throw new Error('expected a problem');
    expect(problemOf(result.response).errors).toEqual([
      { pointer: '/quantity', detail: range },
      { pointer: '/name', detail: 'too short' },
      { pointer: '/name', detail: 'must be capitalised' },
    ]);
  });

  it('returns the parsed body of a valid request', () => {
    // Prepare
    const event = httpEvent(JSON.stringify({ name: 'Ada', lines: [{ sku: 'A', quantity: 1 }] }), {
      'Content-Type': 'application/json; charset=utf-8',
    });

    // Act
    const result = parseJsonRequest(event, schema);

    // Assess
    expect(result).toEqual({
      success: true,
      value: { name: 'Ada', lines: [{ sku: 'A', quantity: 1 }] },
    });
  });

  it('answers 415 for another content type', () => {
    // Prepare
    const event = httpEvent('name=Ada', { 'content-type': 'application/x-www-form-urlencoded' });

    // Act
    const result = parseJsonRequest(event, schema);

    // Assess
    if (result.success) throw new Error('expected a problem');
    expect(result.response.statusCode).toBe(415);
    expect(problemOf(result.response).detail).toContain('application/x-www-form-urlencoded');
  });

  it('answers 415 when the content type is missing', () => {
    // Act
    const result = parseJsonRequest(httpEvent('{}', {}), schema);

    // Assess
    expect(result.success ? 0 : result.response.statusCode).toBe(415);
  });

  it.each(['gzip', 'GZIP', 'br', 'identity, deflate'])(
    'answers 415 naming the encoding for Content-Encoding %s, and says identity is accepted',
    (encoding) => {
      // Prepare
      const body = JSON.stringify({ name: 'Ada', lines: [] });
      const event = httpEvent(body, {
        'content-type': 'application/json',
        'Content-Encoding': encoding,
      });

      // Act
      const result = parseJsonRequest(event, schema);

      // Assess
      if (result.success) throw new Error('expected a problem');
      expect(result.response.statusCode).toBe(415);
      expect(result.response.headers).toEqual({
        'content-type': 'application/problem+json',
        'accept-encoding': 'identity',
      });
      const problem = JSON.parse(result.response.body) as { status: number; detail: string };
      expect(problem.status).toBe(415);
      expect(problem.detail).toContain(`"${encoding}"`);
    },
  );

  it('accepts Content-Encoding identity, which is no encoding', () => {
    // Prepare
    const body = JSON.stringify({ name: 'Ada', lines: [] });
    const event = httpEvent(body, {
      'content-type': 'application/json',
      'content-encoding': 'Identity',
    });

    // Act
    const result = parseJsonRequest(event, schema);

    // Assess
    expect(result).toEqual({ success: true, value: { name: 'Ada', lines: [] } });
  });

  it('answers 413 for a body over the limit, counting bytes not characters', () => {
    // Prepare
    const body = JSON.stringify({ name: 'é'.repeat(40) });

    // Act
    const result = parseJsonRequest(httpEvent(body), schema, { maxBytes: 64 });

    // Assess
    if (result.success) throw new Error('expected a problem');
    expect(result.response.statusCode).toBe(413);
    expect(problemOf(result.response).detail).toBe(
      `The body is ${Buffer.byteLength(body)} bytes; the limit is 64`,
    );
  });

  it('answers 400 for malformed JSON', () => {
    // Act
    const result = parseJsonRequest(httpEvent('{"name": "Ada",'), schema);

    // Assess
    if (result.success) throw new Error('expected a problem');
    expect(result.response.statusCode).toBe(400);
    expect(problemOf(result.response)).toMatchObject({ status: 400, errors: [{ pointer: '' }] });
  });

  it.each([
    ['no body', undefined],
    ['an empty body', ''],
  ])('answers 400 saying the body is empty for %s', (_case, body) => {
    // Act
    const result = parseJsonRequest(httpEvent(body), schema);

    // Assess
    if (result.success) throw new Error('expected a problem');
    expect(result.response.statusCode).toBe(400);
    expect(problemOf(result.response)).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The body is empty; send a JSON document',
      errors: [{ pointer: '', detail: 'the body is empty' }],
    });
  });

  it.each([
    ['as text', '\uFEFF{"name":"Ada","lines":[]}', false],
    [
      'base64-encoded',
      Buffer.from('\uFEFF{"name":"Ada","lines":[]}', 'utf8').toString('base64'),
      true,
    ],
  ])('answers 400 naming a byte order mark before the JSON, %s', (_case, body, base64) => {
    // Act
    const result = parseJsonRequest(
      httpEvent(body, { 'content-type': 'application/json' }, base64),
      schema,
    );

    // Assess
    if (result.success) throw new Error('expected a problem');
    expect(problemOf(result.response)).toMatchObject({
      status: 400,
      detail:
        'The body starts with a byte order mark (U+FEFF), which JSON text must not (RFC 8259); send it without',
      errors: [{ pointer: '', detail: 'starts with a byte order mark (U+FEFF)' }],
    });
  });

  it.each(['null', 'false', '0', '[]'])(
    'answers 400 naming the expected object for the JSON value %s',
    (body) => {
      // Act
      const result = parseJsonRequest(httpEvent(body), schema);

      // Assess
      if (result.success) throw new Error('expected a problem');
      expect(problemOf(result.response)).toMatchObject({
        status: 400,
        detail: 'The request body is invalid',
        errors: [{ pointer: '', detail: expect.stringContaining('expected object') as string }],
      });
    },
  );

  it('decodes a base64 body', () => {
    // Prepare
    const body = Buffer.from(JSON.stringify({ name: 'Ada', lines: [] })).toString('base64');

    // Act
    const result = parseJsonRequest(
      httpEvent(body, { 'content-type': 'application/json' }, true),
      schema,
    );

    // Assess
    expect(result.success).toBe(true);
  });

  it('answers 400 for a base64 body that is not valid UTF-8, instead of storing U+FFFD', () => {
    // Prepare: "Ad" followed by a lone continuation byte.
    const json = Buffer.concat([
      Buffer.from('{"name":"Ad'),
      Buffer.from([0x80]),
      Buffer.from('","lines":[]}'),
    ]);

    // Act
    const result = parseJsonRequest(
      httpEvent(json.toString('base64'), { 'content-type': 'application/json' }, true),
      schema,
    );

    // Assess
    if (result.success) throw new Error('expected a problem');
    expect(result.response.statusCode).toBe(400);
    expect(problemOf(result.response)).toMatchObject({
      detail: 'The body is not valid UTF-8; send JSON in UTF-8',
      errors: [{ pointer: '', detail: 'not valid UTF-8' }],
    });
  });

  it.each([
    ['utf-16', 'application/json; charset=utf-16'],
    ['a quoted latin-1', 'application/json; charset="ISO-8859-1"'],
  ])(
    'answers 415 for a charset other than UTF-8 (%s), instead of reading it as UTF-8',
    (_, type) => {
      // Prepare
      const event = httpEvent(JSON.stringify({ name: 'Ada', lines: [] }), { 'content-type': type });

      // Act
      const result = parseJsonRequest(event, schema);

      // Assess
      if (result.success) throw new Error('expected a problem');
      expect(result.response.statusCode).toBe(415);
      expect(problemOf(result.response).detail).toBe(
        `Content-Type charset must be utf-8 (JSON is UTF-8), got ${JSON.stringify(type)}`,
      );
    },
  );

  it.each(['application/json; charset=UTF-8', 'application/json;charset="utf8"'])(
    'accepts the UTF-8 charset however it is spelled: %s',
    (type) => {
      // Prepare
      const event = httpEvent(JSON.stringify({ name: 'Ada', lines: [] }), {
        'content-type': type,
      });

      // Act
      const result = parseJsonRequest(event, schema);

      // Assess
      expect(result.success).toBe(true);
    },
  );

  it.each([
    ['a value', '{"name":"Ada","lines":[{"sku":"A\\udc00","quantity":1}]}', '/lines/0/sku'],
    ['a name', '{"name":"Ada","lines":[],"x\\ud800y":1}', '/x\ud800y'],
  ])('answers 400 naming the first lone surrogate escape, in %s', (_, body, pointer) => {
    // Act
    const result = parseJsonRequest(httpEvent(body), schema);

    // Assess
    if (result.success) throw new Error('expected a problem');
    expect(result.response.statusCode).toBe(400);
    expect(problemOf(result.response)).toMatchObject({
      detail: 'The body has a lone surrogate escape; send well-formed Unicode',
      errors: [{ pointer, detail: 'a \\uD800-\\uDFFF escape that is not half of a pair' }],
    });
  });

  it.each([
    ['arrays', `${'['.repeat(12_000)}${']'.repeat(12_000)}`, ''],
    [
      'an object inside a valid body',
      `{"name":"Ada","lines":[],"x":${'{"y":'.repeat(40)}1${'}'.repeat(40)}}`,
      '/x',
    ],
  ])('answers 400, not a stack overflow, for a body nested too deep: %s', (_, body, prefix) => {
    // Act
    const result = parseJsonRequest(httpEvent(body), schema);

    // Assess
    if (result.success) throw new Error('expected a problem');
    expect(result.response.statusCode).toBe(400);
    const problem = problemOf(result.response);
    expect(problem.detail).toBe('The body nests deeper than 32 levels');
    expect(problem.errors?.[0]?.detail).toBe('nested more than 32 levels deep');
    expect(problem.errors?.[0]?.pointer.startsWith(prefix)).toBe(true);
    expect(problem.errors?.[0]?.pointer.length).toBeLessThanOrEqual(65);
  });

  it('accepts a body nested 32 levels deep, then the schema judges it', () => {
    // Prepare: 32 objects and arrays in all, the root included.
    const body = `{"name":"Ada","lines":[],"x":${'['.repeat(30)}${']'.repeat(30)}}`;

    // Act
    const result = parseJsonRequest(httpEvent(body), schema);

    // Assess
    if (result.success) throw new Error('expected a problem');
    expect(problemOf(result.response).errors).toEqual([
      { pointer: '/x', detail: 'unexpected field "x"' },
    ]);
  });

  it('lists 20 problems at most, and echoes 64 characters of a name at most', () => {
    // Prepare
    const body: Record<string, unknown> = {
      name: 'Ada',
      lines: [],
      ['k'.repeat(60_000)]: 1,
      ...Object.fromEntries(
        Array.from({ length: 100 }, (_, index): [string, number] => [
          `extra${String(index)}`,
          index,
        ]),
      ),
    };

    // Act
    const result = parseJsonRequest(httpEvent(JSON.stringify(body)), schema);

    // Assess
    if (result.success) throw new Error('expected a problem');
    const errors = problemOf(result.response).errors ?? [];
    expect(errors).toHaveLength(21);
    expect(errors[0]).toEqual({
      pointer: `/${'k'.repeat(63)}…`,
      detail: `unexpected field "${'k'.repeat(64)}…"`,
    });
    expect(errors[20]).toEqual({ pointer: '', detail: 'and 81 more problems; fix these first' });
    expect(result.response.body.length).toBeLessThan(3_000);
  });

  it('accepts a surrogate pair escape, which is one character', () => {
    // Act
    const result = parseJsonRequest(httpEvent('{"name":"\\ud83d\\ude00","lines":[]}'), schema);

    // Assess
    expect(result).toEqual({ success: true, value: { name: '\u{1F600}', lines: [] } });
  });

  it('answers 400 with one entry per problem and its JSON pointer', () => {
    // Prepare
    const body = {
      lines: [
        { sku: 'A', quantity: 0 },
        { sku: 'B', quantity: 1.5 },
      ],
      extra: 1,
    };

    // Act
    const result = parseJsonRequest(httpEvent(JSON.stringify(body)), schema);

    // Assess
    if (result.success) throw new Error('expected a problem');
    const pointers = problemOf(result.response).errors?.map((entry) => entry.pointer);
    expect(pointers?.toSorted()).toEqual([
      '/extra',
      '/lines/0/quantity',
      '/lines/1/quantity',
      '/name',
    ]);
    expect(
      problemOf(result.response).errors?.find((entry) => entry.pointer === '/name')?.detail,
    ).toBe('required string is missing');
  });

  it('names a missing enum value as missing, with what it must be', () => {
    // Prepare
    const currencySchema = z.strictObject({
      currency: z.enum(['EUR', 'GBP'], 'must be one of EUR, GBP'),
    });

    // Act
    const result = parseJsonRequest(httpEvent('{}'), currencySchema);

    // Assess
    if (result.success) throw new Error('expected a problem');
    expect(problemOf(result.response).errors).toEqual([
      { pointer: '/currency', detail: 'required value is missing: must be one of EUR, GBP' },
    ]);
  });

  it("words zod's own checks in English, not as a bare 'Invalid input'", () => {
    // Prepare: zod/mini loads no locale; http.ts sets English
    const body = { name: '', lines: [{ sku: 'A', quantity: 1.5 }] };

    // Act
    const result = parseJsonRequest(httpEvent(JSON.stringify(body)), schema);

    // Assess
    if (result.success) throw new Error('expected a problem');
    expect(problemOf(result.response).errors).toEqual([
      { pointer: '/name', detail: 'Too small: expected string to have >=1 characters' },
      { pointer: '/lines/0/quantity', detail: 'Invalid input: expected int, received number' },
    ]);
  });
});

describe('responses', () => {
  it('builds problem details with the status title', () => {
    // Act
    const response = problemResponse(422, {
      detail: 'Unknown SKUs',
      errors: [{ pointer: '/lines/0/sku', detail: 'unknown' }],
    });

    // Assess
    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body)).toEqual({
      type: 'about:blank',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'Unknown SKUs',
      errors: [{ pointer: '/lines/0/sku', detail: 'unknown' }],
    });
  });

  it('builds a JSON response with extra headers', () => {
    // Act
    const response = jsonResponse(201, { ok: true }, { location: '/orders/1' });

    // Assess
    expect(response).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/json', location: '/orders/1' },
      body: '{"ok":true}',
    });
  });

  it('escapes JSON pointer segments', () => {
    // Act
    const pointer = toJsonPointer(['a/b', 'c~d', 0]);

    // Assess
    expect(pointer).toBe('/a~1b/c~0d/0');
  });
});
