import { InvalidAttributeError } from './InvalidAttributeError.ts';

/** Longest retention SNS allows in a topic's `ArchivePolicy` (`MessageRetentionPeriod`), in days. */
export const maxArchiveRetentionDays = 365;

const dayMs = 86_400_000;

/** An active `ArchivePolicy` of a FIFO topic. */
export interface ArchivePolicy {
  /** `MessageRetentionPeriod`: how many days each published message is kept for replay. */
  readonly retentionDays: number;
}

const invalid = (reason: string): InvalidAttributeError =>
  new InvalidAttributeError(`Invalid parameter: ArchivePolicy Reason: ${reason}`);

/**
 * Reads a topic's `ArchivePolicy` attribute: `{"MessageRetentionPeriod":"<days>"}` (a number is
 * taken too), 1 to 365 whole days. An empty value or `{}` means no archive, which is how SNS
 * turns archiving off.
 *
 * @example
 * ```ts
 * parseArchivePolicy('{"MessageRetentionPeriod":"30"}'); // { retentionDays: 30 }
 * parseArchivePolicy('{}'); // undefined
 * ```
 * @throws InvalidAttributeError for anything else.
 */
export const parseArchivePolicy = (text: string): ArchivePolicy | undefined => {
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('must be a JSON object');
  }
  const { MessageRetentionPeriod: period, ...others } = parsed as Record<string, unknown>;
  const unknown = Object.keys(others);
  if (unknown.length > 0) throw invalid(`unknown key ${unknown.join(', ')}`);
  if (period === undefined) return undefined;
  const days = typeof period === 'string' && /^\d+$/.test(period) ? Number(period) : period;
  if (typeof days !== 'number' || !Number.isInteger(days)) {
    throw invalid('MessageRetentionPeriod must be a whole number of days');
  }
  if (days < 1 || days > maxArchiveRetentionDays) {
    throw invalid(`MessageRetentionPeriod must be 1 to ${maxArchiveRetentionDays} days`);
  }
  return { retentionDays: days };
};

/**
 * A topic's `BeginningArchiveTime`: the earliest point a replay can start from. It is when the
 * archive was turned on, or `now` minus the retention once the archive is older than that.
 */
export const beginningArchiveTime = (
  policy: ArchivePolicy,
  enabledAt: number,
  now: number,
): number => Math.max(enabledAt, now - policy.retentionDays * dayMs);
