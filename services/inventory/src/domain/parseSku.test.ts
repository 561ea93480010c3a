import { describe, expect, it } from 'vitest';
import { parseSku } from './parseSku.ts';

describe('parseSku', () => {
  it('accepts a SKU in the contract format', () => {
    // Prepare
    const value = 'SNEAKER-LTD-42';

    // Act
    const result = parseSku(value);

    // Assess
    expect(result).toEqual({ success: true, sku: 'SNEAKER-LTD-42' });
  });

  it.each(['mug-logo', 'A', '-MUG', 'MUG LOGO', 'X'.repeat(41), ''])('refuses %j', (value) => {
    // Prepare
    const input = value;

    // Act
    const result = parseSku(input);

    // Assess
    expect(result.success).toBe(false);
    expect(result.success ? '' : result.detail).toMatch(/^malformed SKU/);
  });

  it('refuses a missing path parameter', () => {
    // Prepare
    const value = undefined;

    // Act
    const result = parseSku(value);

    // Assess
    expect(result).toMatchObject({ success: false });
  });
});
