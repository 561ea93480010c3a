import { describe, expect, it } from 'vitest';
import { httpEvent } from '../tests/fixtures/httpFixtures.ts';
import { idempotencyKeyOf } from './idempotencyKeyOf.ts';

describe('idempotencyKeyOf', () => {
  it('reads the header in any case', () => {
    // Prepare
    const event = httpEvent('{}', { 'Idempotency-Key': 'order-2026-12-02-0001' });

    // Act
    const header = idempotencyKeyOf(event);

    // Assess
    expect(header).toEqual({ valid: true, key: 'order-2026-12-02-0001' });
  });

  it('answers no key for a request without the header', () => {
    // Prepare
    const event = httpEvent('{}', { 'content-type': 'application/json' });

    // Act
    const header = idempotencyKeyOf(event);

    // Assess
    expect(header).toEqual({ valid: true, key: undefined });
  });

  it.each([
    [
      'a space',
      'has space',
      'the Idempotency-Key has a space at position 4; a key is visible ASCII only',
    ],
    ['nothing', '', 'the Idempotency-Key header is empty'],
    ['256 characters', 'k'.repeat(256), 'the Idempotency-Key is 256 characters long, over 255'],
    [
      'a non-ASCII character',
      'clé',
      'the Idempotency-Key has the character U+00E9 at position 3; a key is visible ASCII only',
    ],
    [
      'a comma, as API Gateway joins two Idempotency-Key headers',
      'key-a,key-b',
      'the Idempotency-Key has a comma: two keys, or the header sent twice (API Gateway joins repeated headers with a comma); send one key',
    ],
  ])('refuses a key with %s with a 400 problem saying so', (_, key, problem) => {
    // Prepare
    const event = httpEvent('{}', { 'idempotency-key': key });

    // Act
    const header = idempotencyKeyOf(event);

    // Assess
    if (header.valid) throw new Error('expected a refusal');
    expect(header.response.statusCode).toBe(400);
    expect(JSON.parse(header.response.body)).toMatchObject({
      detail:
        'Idempotency-Key must be one key of 1 to 255 visible ASCII characters, without a comma',
      errors: [{ header: 'Idempotency-Key', detail: problem }],
    });
  });

  it('takes a quoted key as sent, quotes included', () => {
    // Act
    const header = idempotencyKeyOf(httpEvent('{}', { 'idempotency-key': '"k-1"' }));

    // Assess
    expect(header).toEqual({ valid: true, key: '"k-1"' });
  });

  it('accepts 255 visible characters', () => {
    // Prepare
    const key = '~'.repeat(255);

    // Act
    const header = idempotencyKeyOf(httpEvent('{}', { 'idempotency-key': key }));

    // Assess
    expect(header).toEqual({ valid: true, key });
  });
});
