import { describe, expect, it } from 'vitest';
import { ToolkitError } from './errors.ts';
import { idempotencyTableOf } from './eventIdempotency.ts';

describe('idempotencyTableOf', () => {
  it('answers the table the environment names', () => {
    // Prepare
    const env = { IDEMPOTENCY_TABLE: 'conveyor-dev-audit-idempotency' };

    // Act
    const tableName = idempotencyTableOf(env);

    // Assess
    expect(tableName).toBe('conveyor-dev-audit-idempotency');
  });

  it.each([
    ['missing', {}],
    ['empty', { IDEMPOTENCY_TABLE: '' }],
  ])('fails the cold start when the variable is %s, saying where it comes from', (_, env) => {
    // Prepare
    const read = () => idempotencyTableOf(env);

    // Act and Assess
    expect(read).toThrow(ToolkitError);
    expect(read).toThrow(/IDEMPOTENCY_TABLE is not set.*!Ref IdempotencyTable/);
  });
});
