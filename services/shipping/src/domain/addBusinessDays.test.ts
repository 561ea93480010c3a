import { describe, expect, it } from 'vitest';
import { addBusinessDays } from './addBusinessDays.ts';

describe('addBusinessDays', () => {
  it.each([
    ['a Monday + 2', '2026-11-23T09:00:00Z', 2, '2026-11-25'],
    ['a Thursday + 1', '2026-11-26T09:00:00Z', 1, '2026-11-27'],
    ['a Friday + 1 skips the weekend', '2026-11-20T09:00:00Z', 1, '2026-11-23'],
    ['a Friday + 3', '2026-11-20T23:59:59Z', 3, '2026-11-25'],
    ['a Saturday + 1', '2026-11-21T12:00:00Z', 1, '2026-11-23'],
    ['a Sunday + 5', '2026-11-22T12:00:00Z', 5, '2026-11-27'],
    ['a Wednesday + 5 spans one weekend', '2026-11-25T08:00:00Z', 5, '2026-12-02'],
    ['across a year end', '2026-12-31T10:00:00Z', 2, '2027-01-04'],
    ['zero days', '2026-11-24T10:00:00Z', 0, '2026-11-24'],
  ])('counts %s', (_name, from, days, expected) => {
    // Act
    const day = addBusinessDays(new Date(from), days);

    // Assess
    expect(day).toBe(expected);
  });

  it('counts in UTC whatever the local offset of the input', () => {
    // Prepare: Friday 23:30 in UTC, already Saturday in Berlin
    const from = new Date('2026-11-20T23:30:00Z');

    // Act
    const day = addBusinessDays(from, 1);

    // Assess
    expect(day).toBe('2026-11-23');
  });
});
