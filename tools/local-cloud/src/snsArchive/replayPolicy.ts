import { InvalidAttributeError } from './InvalidAttributeError.ts';

/** A subscription's `ReplayPolicy`, read. */
export interface ReplayPolicy {
  /** `StartingPoint`, epoch milliseconds: the first publish time replayed. */
  readonly startingPoint: number;
  /**
   * `EndingPoint`, epoch milliseconds: the last publish time replayed. With one, the
   * subscription is paused once the replay completes (SNS delivers it no new message).
   */
  readonly endingPoint: number | undefined;
}

/** The `ReplayStatus` values of a subscription, as SNS words them. */
export const ReplayStatuses = {
  /** The replay is starting. */
  Pending: 'Pending',
  /** The replay is delivering archived messages. */
  InProgress: 'In progress',
  /** Everything was replayed; new messages flow again, unless the policy had an end. */
  Completed: 'Completed',
  /** The replay could not complete. */
  Failed: 'Failed',
} as const;

/** A subscription's `ReplayStatus`. */
export type ReplayStatus = (typeof ReplayStatuses)[keyof typeof ReplayStatuses];

/** Whether a text is one of the {@link ReplayStatuses}. */
export const isReplayStatus = (text: string): text is ReplayStatus =>
  (Object.values(ReplayStatuses) as string[]).includes(text);

const invalid = (reason: string): InvalidAttributeError =>
  new InvalidAttributeError(`Invalid parameter: ReplayPolicy Reason: ${reason}`);

// An ISO-8601 date and time: what SNS's examples use (2023-10-01T10:00:00.000Z).
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

const timestamp = (value: unknown, key: string): number => {
  if (typeof value !== 'string' || !isoDateTime.test(value)) {
    throw invalid(`${key} must be an ISO-8601 timestamp such as 2023-10-01T10:00:00.000Z`);
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw invalid(`${key} is not a valid time: ${value}`);
  return time;
};

/**
 * Reads a subscription's `ReplayPolicy`: `{"PointType":"Timestamp","StartingPoint":"<ISO>"}`,
 * with an optional `"EndingPoint":"<ISO>"` not before the start.
 *
 * @example
 * ```ts
 * parseReplayPolicy('{"PointType":"Timestamp","StartingPoint":"2023-10-01T10:00:00.000Z"}');
 * // { startingPoint: 1696154400000, endingPoint: undefined }
 * ```
 * @throws InvalidAttributeError naming what is wrong.
 */
export const parseReplayPolicy = (text: string): ReplayPolicy => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('must be a JSON object');
  }
  const {
    PointType: pointType,
    StartingPoint: start,
    EndingPoint: end,
    ...others
  } = parsed as Record<string, unknown>;
  const unknown = Object.keys(others);
  if (unknown.length > 0) throw invalid(`unknown key ${unknown.join(', ')}`);
  if (pointType !== 'Timestamp') throw invalid('PointType must be Timestamp');
  if (start === undefined) throw invalid('StartingPoint is required');
  const startingPoint = timestamp(start, 'StartingPoint');
  const endingPoint = end === undefined || end === '' ? undefined : timestamp(end, 'EndingPoint');
  if (endingPoint !== undefined && endingPoint < startingPoint) {
    throw invalid('EndingPoint is before StartingPoint');
  }
  return { startingPoint, endingPoint };
};
