const DAY_MS = 24 * 60 * 60 * 1000;

const isWeekend = (date: Date): boolean => date.getUTCDay() === 0 || date.getUTCDay() === 6;

/**
 * The calendar day (`YYYY-MM-DD`, UTC) that is `days` business days after `from`: Saturdays and
 * Sundays do not count, so Friday + 1 is Monday, and Saturday or Sunday + 1 is Monday too.
 * Public holidays are not known here and count as business days.
 */
export const addBusinessDays = (from: Date, days: number): string => {
  let date = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  let left = days;
  while (left > 0) {
    date = new Date(date.getTime() + DAY_MS);
    if (!isWeekend(date)) left -= 1;
  }
  return date.toISOString().slice(0, 10);
};
