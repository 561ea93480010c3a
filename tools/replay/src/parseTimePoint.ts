import { UsageError } from './errors.ts';

/** A point of a replay window, as given on the command line. */
export type TimePoint =
  /** A time, epoch milliseconds. */
  | { readonly kind: 'at'; readonly time: number }
  /** Each topic's `BeginningArchiveTime`: everything its archive holds. */
  | { readonly kind: 'archiveStart' };

const units: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const isoWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const isoWithoutZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

// Date.parse rolls 2026-02-30 over to 2026-03-02: a replay window would start days off.
const onTheCalendar = (value: string): boolean => {
  const [, year, month, day, hour = '0', minute = '0', second = '0'] =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value) ?? [];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day) &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59
  );
};

/**
 * Reads `--from`/`--to`: an ISO-8601 time with its zone (`2026-11-22T10:00:00Z`,
 * `2026-11-22T11:00+01:00`), a date (`2026-11-22`, midnight UTC), a duration ago (`90s`, `30m`,
 * `2h`, `7d`), `now`, or `start` (each topic's archive start; `--from` only).
 *
 * @example
 * ```ts
 * parseTimePoint('2h', '--from', now); // { kind: 'at', time: now - 7_200_000 }
 * parseTimePoint('start', '--from', now); // { kind: 'archiveStart' }
 * ```
 * @throws UsageError for anything else, a time without its zone included.
 */
export const parseTimePoint = (text: string, flag: '--from' | '--to', now: number): TimePoint => {
  const value = text.trim();
  if (value === 'start') {
    if (flag === '--to') {
      throw new UsageError('--to cannot be "start"; use a time, a duration ago or "now".');
    }
    return { kind: 'archiveStart' };
  }
  if (value === 'now') return { kind: 'at', time: now };
  const signed = /^-(\d+[smhd])$/.exec(value);
  if (signed !== null) {
    throw new UsageError(
      `${flag} ${value}: a duration ago takes no sign (${flag} ${signed[1] ?? ''}).`,
    );
  }
  const ago = /^(\d+)([smhd])$/.exec(value);
  if (ago !== null) {
    const time = now - Number(ago[1]) * (units[ago[2] ?? ''] ?? 0);
    // JavaScript's dates end 100 million days from 1970: further back is no time at all.
    if (Number.isNaN(new Date(time).getTime())) {
      throw new UsageError(`${flag} ${value} reaches back past any date: use a shorter duration.`);
    }
    return { kind: 'at', time };
  }
  if (isoWithoutZone.test(value)) {
    throw new UsageError(
      `${flag} ${value} has no time zone: add Z for UTC (${value}Z) or an offset such as +01:00.`,
    );
  }
  const time = isoWithZone.test(value) || dateOnly.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isNaN(time) && !onTheCalendar(value)) {
    throw new UsageError(`${flag} ${value} is not a day and time on the calendar.`);
  }
  if (Number.isNaN(time)) {
    throw new UsageError(
      `${flag} "${text}" is not a time: use 2026-11-22T10:00:00Z, 2026-11-22, a duration ago such as 30m, 2h or 7d, "now"${flag === '--from' ? ', or "start" (the archive start)' : ''}.`,
    );
  }
  return { kind: 'at', time };
};
