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
    ['a space', 'has space'],
    ['nothing', ''],
    ['256 characters', 'k'.repeat(256)],
    ['a non-ASCII character', 'clé'],
    ['a comma, as API Gateway joins two Idempotency-Key headers', 'key-a,key-b'],
  ])('refuses a key with %s with a 400 problem', (_, key) => {
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
      errors: [{ header: 'Idempotency-Key', detail: 'invalid Idempotency-Key header' }],
    });
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
