/** The most days one request may cover: a quarter. Each day is one query of the table. */
export const MAX_DAYS = 92;

const DAY_MS = 86_400_000;

/** Inclusive range of UTC days, `YYYY-MM-DD`. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
  /** Every day from `from` to `to`, in order. */
  readonly days: readonly string[];
}

const quoted = (value: string): string => JSON.stringify(value.slice(0, 40));

/** A problem with the requested range: of one query parameter, or of the two together. */
export type DayRangeProblem =
  { readonly parameter: 'from' | 'to'; readonly detail: string } | { readonly detail: string };

// A real calendar day: 2026-02-30 would otherwise roll over into March.
const dayProblem = (
  parameter: 'from' | 'to',
  value: string | undefined,
): DayRangeProblem | undefined => {
  const problem = (detail: string): DayRangeProblem => ({ parameter, detail });
  if (value === undefined || value === '') {
    return problem(`${parameter} is required, a day as YYYY-MM-DD`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return problem(`${parameter} must be a day as YYYY-MM-DD, not ${quoted(value)}`);
  }
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    return problem(`${parameter} ${quoted(value)} is not a day of the calendar`);
  }
  return undefined;
};

/**
 * Checks a requested range of days: both bounds present, real calendar days as `YYYY-MM-DD`,
 * `from` not after `to`, at most {@link MAX_DAYS} days, and lists its days. A problem of one
 * bound names its query parameter; one of the two together names neither.
 *
 * @example
 * ```ts
 * dayRange('2026-03-01', '2026-03-02'); // { ok: true, range: { from, to, days: ['2026-03-01', '2026-03-02'] } }
 * dayRange('2026-03-02', '2026-03-01'); // { ok: false, problems: [{ detail: 'from 2026-03-02 is after to 2026-03-01' }] }
 * dayRange('2026-3-1', '2026-03-01'); // { ok: false, problems: [{ parameter: 'from', detail: 'from must be a day as YYYY-MM-DD, not "2026-3-1"' }] }
 * ```
 */
export const dayRange = (
  from: string | undefined,
  to: string | undefined,
):
  | { readonly ok: true; readonly range: DayRange }
  | { readonly ok: false; readonly problems: readonly DayRangeProblem[] } => {
  const problems = [dayProblem('from', from), dayProblem('to', to)].filter(
    (problem) => problem !== undefined,
  );
  if (problems.length > 0 || from === undefined || to === undefined) return { ok: false, problems };
  const start = Date.parse(`${from}T00:00:00Z`);
  const count = (Date.parse(`${to}T00:00:00Z`) - start) / DAY_MS + 1;
  if (count < 1) {
    return { ok: false, problems: [{ detail: `from ${from} is after to ${to}` }] };
  }
  if (count > MAX_DAYS) {
    return {
      ok: false,
      problems: [
        {
          detail: `from ${from} to ${to} covers ${String(count)} days; at most ${String(MAX_DAYS)} per request`,
        },
      ],
    };
  }
  const days = Array.from({ length: count }, (_, index) =>
    new Date(start + index * DAY_MS).toISOString().slice(0, 10),
  );
  return { ok: true, range: { from, to, days } };
};
