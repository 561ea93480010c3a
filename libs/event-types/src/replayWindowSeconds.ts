// Kept apart from topologySchema.ts, which imports this: a function that reads these constants
// (a record's TTL) then bundles no topology schema.

const DAY_SECONDS = 86_400;

/** Longest retention of an SNS topic archive (`ArchivePolicy.MessageRetentionPeriod`), in days. */
export const MAX_ARCHIVE_RETENTION_DAYS = 365;

/** How long a consumer's source queue keeps a message: 4 days, SQS's default. */
export const QUEUE_RETENTION_SECONDS = 345_600;

/** How long a DLQ keeps a message: 14 days, the most SQS keeps, the longest time to fix and redrive. */
export const DLQ_RETENTION_SECONDS = 1_209_600;

/**
 * How long SNS retries a delivery to an SQS queue that fails on the server side before it gives
 * up (to the subscription's DLQ): 100,015 attempts over 23 days, SNS's fixed policy for AWS
 * managed endpoints.
 */
export const SNS_DELIVERY_RETRY_SECONDS = 23 * DAY_SECONDS;

/**
 * The longest a copy of an event can still reach its consumer after the first copy was handled,
 * on the longest path with one redrive from each DLQ: a replay on the last day of a topic archive
 * kept as long as SNS allows ({@link MAX_ARCHIVE_RETENTION_DAYS}); SNS retrying its delivery for
 * 23 days, then the subscription's DLQ; redriven, the source queue, then its DLQ; redriven, the
 * source queue again. A DLQ's clock starts again when a FIFO message enters it, and a redriven
 * message is a new one. A consumer that remembers handled eventIds this long answers every such
 * copy from its record: 424 days. A copy redriven again from the same DLQ can come later still.
 *
 * @example
 * ```ts
 * makeEventIdempotency({ tableName, client, keyPrefix, expiresAfterSeconds: REPLAY_WINDOW_SECONDS });
 * ```
 */
export const REPLAY_WINDOW_SECONDS =
  MAX_ARCHIVE_RETENTION_DAYS * DAY_SECONDS +
  SNS_DELIVERY_RETRY_SECONDS +
  2 * (DLQ_RETENTION_SECONDS + QUEUE_RETENTION_SECONDS);
