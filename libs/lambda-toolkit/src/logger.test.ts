import { describe, expect, it } from 'vitest';
import { maskAddress, maskEmail } from './logger.ts';

describe('maskEmail', () => {
  it.each([
    ['ada.lovelace@example.com', 'a***e@e***.com'],
    ['jo@example.co.uk', 'j***@e***.uk'],
    ['x@y.io', 'x***@y***.io'],
    ['no-at-sign', '***'],
    ['@example.com', '***'],
  ])('masks %s as %s', (email, masked) => {
    // Act
    const result = maskEmail(email);

    // Assess
    expect(result).toBe(masked);
  });

  it('never leaks the full local part or domain', () => {
    // Act
    const result = maskEmail('grace.hopper@navy.example.org');

    // Assess
    expect(result).not.toContain('grace');
    expect(result).not.toContain('navy');
  });
});

describe('maskAddress', () => {
  it('keeps only the country and the start of the postal code', () => {
    // Prepare
    const address = {
      name: 'Ada',
      line1: '12 Analytical Row',
      city: 'London',
      postalCode: 'NW1 6XE',
      country: 'GB',
    };

    // Act
    const result = maskAddress(address);

    // Assess
    expect(result).toBe('GB NW***');
    expect(result).not.toContain('Analytical');
    expect(result).not.toContain('London');
  });
});
