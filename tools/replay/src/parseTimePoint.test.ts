import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.ts';
import { parseTimePoint } from './parseTimePoint.ts';

const now = Date.parse('2026-11-22T12:00:00.000Z');

describe('parseTimePoint', () => {
  it.each([
    ['2026-11-22T10:00:00Z', Date.parse('2026-11-22T10:00:00Z')],
    ['2026-11-22T10:00:00.250+01:00', Date.parse('2026-11-22T09:00:00.250Z')],
    ['2026-11-22', Date.parse('2026-11-22T00:00:00Z')],
    ['90s', now - 90_000],
    ['30m', now - 1_800_000],
    ['2h', now - 7_200_000],
    ['7d', now - 7 * 86_400_000],
    ['now', now],
  ])('reads %s', (text, time) => {
    // Act
    const point = parseTimePoint(text, '--from', now);

    // Assess
    expect(point).toEqual({ kind: 'at', time });
  });

  it('reads start as the archive start, for --from only', () => {
    // Act
    const from = parseTimePoint('start', '--from', now);
    const to = () => parseTimePoint('start', '--to', now);

    // Assess
    expect(from).toEqual({ kind: 'archiveStart' });
    expect(to).toThrow(UsageError);
  });

  it('refuses a time without its zone, saying how to add one', () => {
    // Act
    const read = () => parseTimePoint('2026-11-22T10:00', '--to', now);

    // Assess
    expect(read).toThrow(/--to 2026-11-22T10:00 has no time zone: add Z for UTC/);
  });

  it.each(['yesterday', '2h ago', '2026-13-45', '-5m', ''])('refuses %j', (text) => {
    // Act
    const read = () => parseTimePoint(text, '--from', now);

    // Assess
    expect(read).toThrow(UsageError);
  });

  it.each(['2026-02-30', '2026-02-29T10:00:00Z', '2026-04-31T00:00Z', '2026-11-22T24:00:00Z'])(
    'refuses %s, a day or time not on the calendar, rather than rolling it over',
    (text) => {
      // Act
      const read = () => parseTimePoint(text, '--from', now);

      // Assess
      expect(read).toThrow(`--from ${text} is not a day and time on the calendar.`);
    },
  );

  it('takes the last day of a month and a leap day', () => {
    // Act
    const points = ['2026-02-28', '2028-02-29T23:59:59Z'].map((text) =>
      parseTimePoint(text, '--from', now),
    );

    // Assess
    expect(points).toEqual([
      { kind: 'at', time: Date.UTC(2026, 1, 28) },
      { kind: 'at', time: Date.UTC(2028, 1, 29, 23, 59, 59) },
    ]);
  });

  it('refuses a duration that reaches back past any date', () => {
    // Act
    const read = () => parseTimePoint('999999999d', '--from', now);

    // Assess
    expect(read).toThrow(UsageError);
    expect(read).toThrow('--from 999999999d reaches back past any date: use a shorter duration.');
  });
});
