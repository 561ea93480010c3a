import { describe, expect, it } from 'vitest';
import { mailFormat } from './mailFormat.ts';

describe('mailFormat.money', () => {
  it.each([
    [5248, 'EUR', '€52.48'],
    [5, 'EUR', '€0.05'],
    [0, 'GBP', '£0.00'],
    [123456789, 'USD', 'US$1,234,567.89'],
    [1500, 'JPY', 'JP¥1,500'],
    [1234, 'KWD', 'KWD 1.234'],
  ])('formats %i minor units of %s as %s', (minorUnits, currency, expected) => {
    // Act
    const formatted = mailFormat.money(minorUnits, currency);

    // Assess
    expect(formatted.replace(/\u00a0/g, ' ')).toBe(expected);
  });

  it('stays exact for amounts a float division would round', () => {
    // Act
    const formatted = mailFormat.money(Number.MAX_SAFE_INTEGER, 'EUR');

    // Assess
    expect(formatted).toBe('€90,071,992,547,409.91');
  });
});

describe('mailFormat.day', () => {
  it('formats a calendar day in full, whatever the time zone', () => {
    // Act
    const formatted = mailFormat.day('2026-11-25');

    // Assess
    expect(formatted).toBe('Wednesday, 25 November 2026');
  });
});

describe('mailFormat.addressLines', () => {
  it('prints an address as on an envelope, with the country named', () => {
    // Act
    const lines = mailFormat.addressLines({
      name: 'Ada Lovelace',
      line1: '12 Analytical Row',
      line2: 'Flat 3',
      city: 'London',
      postalCode: 'NW1 6XE',
      country: 'GB',
    });

    // Assess
    expect(lines).toEqual([
      'Ada Lovelace',
      '12 Analytical Row',
      'Flat 3',
      'NW1 6XE London',
      'United Kingdom',
    ]);
  });
});
