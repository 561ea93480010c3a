import { describe, expect, it } from 'vitest';
import { dayRange, MAX_DAYS } from './dayRange.ts';

describe('dayRange', () => {
  it('lists every day of the range, across a month end', () => {
    // Prepare
    const [from, to] = ['2024-02-28', '2024-03-01'];

    // Act
    const checked = dayRange(from, to);

    // Assess
    expect(checked).toEqual({
      ok: true,
      range: { from, to, days: ['2024-02-28', '2024-02-29', '2024-03-01'] },
    });
  });

  it(`takes ${String(MAX_DAYS)} days, and one day`, () => {
    // Prepare
    const quarter = ['2026-01-01', '2026-04-02'] as const;

    // Act
    const long = dayRange(...quarter);
    const single = dayRange('2026-01-01', '2026-01-01');

    // Assess
    expect(long.ok && long.range.days.length).toBe(MAX_DAYS);
    expect(single.ok && single.range.days).toEqual(['2026-01-01']);
  });

  it.each([
    [
      undefined,
      '2026-03-01',
      [{ parameter: 'from', detail: 'from is required, a day as YYYY-MM-DD' }],
    ],
    [
      '',
      undefined,
      [
        { parameter: 'from', detail: 'from is required, a day as YYYY-MM-DD' },
        { parameter: 'to', detail: 'to is required, a day as YYYY-MM-DD' },
      ],
    ],
    [
      '2026-3-1',
      '2026-03-01',
      [{ parameter: 'from', detail: 'from must be a day as YYYY-MM-DD, not "2026-3-1"' }],
    ],
    [
      '2026-03-01',
      '01/03/2026',
      [{ parameter: 'to', detail: 'to must be a day as YYYY-MM-DD, not "01/03/2026"' }],
    ],
    [
      '2026-02-29',
      '2026-03-01',
      [{ parameter: 'from', detail: 'from "2026-02-29" is not a day of the calendar' }],
    ],
    [
      '2026-03-01',
      '2026-13-01',
      [{ parameter: 'to', detail: 'to "2026-13-01" is not a day of the calendar' }],
    ],
    ['2026-03-02', '2026-03-01', [{ detail: 'from 2026-03-02 is after to 2026-03-01' }]],
    [
      '2026-01-01',
      '2026-04-03',
      [{ detail: 'from 2026-01-01 to 2026-04-03 covers 93 days; at most 92 per request' }],
    ],
  ])('refuses from=%j to=%j, naming the parameter at fault', (from, to, problems) => {
    // Prepare
    const request = [from, to] as const;

    // Act
    const checked = dayRange(...request);

    // Assess
    expect(checked).toEqual({ ok: false, problems });
  });
});
