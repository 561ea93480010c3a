import type { DayRange } from './dayRange.ts';
import { type Figures, figuresOf } from './figuresOf.ts';
import type { DayEntry, ListDayEntries } from './orderFact.ts';

/** How many days are read at once: a range is one query per day. */
export const DAYS_READ_AT_ONCE = 8;

/** One day's figures. */
export type DayFigures = { readonly date: string } & Figures;

/** The figures of a range of days: each day's, and the whole range's. */
export interface DailyReport {
  readonly from: string;
  readonly to: string;
  /** Every day of the range in order, days without any fact included (all zero). */
  readonly days: readonly DayFigures[];
  /** The range as one period: sums, and percentiles over all its lead times. */
  readonly total: Figures;
}

const mapAtMost = async <T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> => {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

/**
 * The figures of every day of `range`, derived from the entries stored under each day, and of
 * the range as a whole. Reads each day once.
 */
export const dailyReport = async (
  range: DayRange,
  deps: { readonly listDayEntries: ListDayEntries },
): Promise<DailyReport> => {
  const entriesByDay: DayEntry[][] = await mapAtMost(range.days, DAYS_READ_AT_ONCE, (day) =>
    deps.listDayEntries(day),
  );
  return {
    from: range.from,
    to: range.to,
    days: range.days.map((date, index) => ({ date, ...figuresOf(entriesByDay[index] ?? []) })),
    total: figuresOf(entriesByDay.flat()),
  };
};
