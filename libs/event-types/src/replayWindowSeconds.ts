import { MAX_ARCHIVE_RETENTION_DAYS } from './topologySchema.ts';

/** How long a consumer's source queue keeps a message: 4 days, SQS's default. */
export const QUEUE_RETENTION_SECONDS = 345_600;

/** How long a DLQ keeps a message: 14 days, the most SQS keeps, the longest time to fix and redrive. */
export const DLQ_RETENTION_SECONDS = 1_209_600;

/**
 * The longest a copy of an event can still reach its consumer after the first copy was handled:
 * a replay on the last day of a topic archive kept as long as SNS allows
 * ({@link MAX_ARCHIVE_RETENTION_DAYS}), then the copy's wait in the source queue and in its DLQ,
 * whose FIFO clock starts again when SQS moves it there. A consumer that remembers handled
 * eventIds this long answers every such copy from its record: 383 days. A copy an operator
 * redrives a second time can come later still.
 *
 * @example
 * ```ts
 * makeEventIdempotency({ tableName, client, keyPrefix, expiresAfterSeconds: REPLAY_WINDOW_SECONDS });
 * ```
 */
export const REPLAY_WINDOW_SECONDS =
  MAX_ARCHIVE_RETENTION_DAYS * 86_400 + QUEUE_RETENTION_SECONDS + DLQ_RETENTION_SECONDS;
